/**
 * Released builds per bundle id, cached in process: update checks ask for hundreds of apps at a
 * time and releases change rarely. Entries are dropped by the process that changed them (right
 * after commit) and, in every other process, by a local consumer of the version events; a short
 * TTL bounds staleness if an event is missed. Rollout percentages are computed per read from the
 * cached timestamps, so a cached entry never freezes a phased release.
 */
import { LRUCache } from 'lru-cache';
import type { ReleasedRow } from './releases.repository.js';

export type CachedBuild = Omit<ReleasedRow, 'platforms' | 'min_os' | 'permissions'> & {
  platforms: string[];
  min_os: Record<string, string>;
  permissions: string[];
};

export class ReleasedCache {
  private readonly lru: LRUCache<string, { list: CachedBuild[] }>;

  constructor(max = 50_000, ttlMs = 30_000) {
    this.lru = new LRUCache({ max, ttl: ttlMs });
  }

  get(bundleId: string): CachedBuild[] | undefined {
    return this.lru.get(bundleId)?.list;
  }

  /** An empty list caches "nothing on sale" too (unknown bundle ids in update checks). */
  set(bundleId: string, list: CachedBuild[]): void {
    this.lru.set(bundleId, { list });
  }

  drop(bundleIds: string | string[]): void {
    for (const b of Array.isArray(bundleIds) ? bundleIds : [bundleIds]) this.lru.delete(b);
  }

  clear(): void {
    this.lru.clear();
  }
}

export function toCached(r: ReleasedRow): CachedBuild {
  return { ...r, platforms: JSON.parse(r.platforms), min_os: JSON.parse(r.min_os), permissions: JSON.parse(r.permissions) };
}
