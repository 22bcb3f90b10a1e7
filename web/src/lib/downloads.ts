/**
 * Downloads made from this browser, per account: which build of each app was fetched, for which
 * device type. The store can't see what is installed on a device, so "update available" in the
 * web library compares against these (the device client does the real check).
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { Platform } from '../api/library';

export interface DownloadedBuild {
  version: string;
  buildNumber: number;
  at: string;
}

const listeners = new Set<() => void>();
const NONE: Record<string, DownloadedBuild> = {};
const cache = new Map<string, { raw: string | null; value: Record<string, DownloadedBuild> }>();
const keyOf = (userId: string) => `orchard.downloads.${userId}`;
const DEVICE_KEY = 'orchard.device';

function read(userId: string): Record<string, DownloadedBuild> {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(keyOf(userId));
  } catch {
    // storage disabled: nothing remembered
  }
  const hit = cache.get(userId);
  if (hit && hit.raw === raw) return hit.value;
  let value: Record<string, DownloadedBuild> = {};
  try {
    value = raw ? (JSON.parse(raw) as Record<string, DownloadedBuild>) : {};
  } catch {
    value = {};
  }
  cache.set(userId, { raw, value });
  return value;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useDownloads(userId: string) {
  const downloads = useSyncExternalStore(
    subscribe,
    () => read(userId),
    () => NONE,
  );
  const remember = useCallback(
    (bundleId: string, build: { version: string; buildNumber: number }) => {
      const next = { ...read(userId), [bundleId]: { ...build, at: new Date().toISOString() } };
      try {
        localStorage.setItem(keyOf(userId), JSON.stringify(next));
      } catch {
        cache.set(userId, { raw: null, value: next });
      }
      for (const l of listeners) l();
    },
    [userId],
  );
  return { downloads, remember };
}

const PLATFORMS: Platform[] = ['phone', 'tablet', 'desktop', 'tv'];

function readDevice(): Platform {
  try {
    const v = localStorage.getItem(DEVICE_KEY) as Platform | null;
    if (v && PLATFORMS.includes(v)) return v;
  } catch {
    // fall through
  }
  // A first guess from the browser itself: phones download for phones.
  return typeof navigator !== 'undefined' && /Mobi|Android|iPhone/i.test(navigator.userAgent) ? 'phone' : 'desktop';
}

export function useDevicePlatform(): [Platform, (p: Platform) => void] {
  const platform = useSyncExternalStore(subscribe, readDevice, () => 'desktop' as Platform);
  const set = useCallback((p: Platform) => {
    try {
      localStorage.setItem(DEVICE_KEY, p);
    } catch {
      // not remembered
    }
    for (const l of listeners) l();
  }, []);
  return [platform, set];
}

/** The newest OS the store knows of: the web can't read the device's, so it assumes an up-to-date one. */
export const CURRENT_OS = '99999';
