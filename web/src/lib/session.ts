/**
 * Who is signed in (GET /me, cached) and which storefront the shopper sees prices for:
 * the account's country when signed in, else a choice kept in this browser, else the
 * region of the browser's language when it is a storefront, else the default.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { accountsApi } from '../api/accounts';
import type { Me } from '../api/types';
import { DEFAULT_COUNTRY, storefrontOf } from './shared';

export const meKey = ['me'] as const;

export function useSession(): { me: Me | null; loading: boolean } {
  const q = useQuery({ queryKey: meKey, queryFn: accountsApi.me, staleTime: 5 * 60_000 });
  return { me: q.data ?? null, loading: q.isPending };
}

/** After sign-in/out or a profile change: refetch the session and anything priced or owned. */
export function useRefreshSession() {
  const qc = useQueryClient();
  return useCallback(
    async (me?: Me | null) => {
      if (me !== undefined) qc.setQueryData(meKey, me);
      await qc.invalidateQueries();
    },
    [qc],
  );
}

/**
 * After signing in: load the new session before anything else (so guards and the header are
 * right on the next page), then let every other query refetch in the background.
 */
export function useLoadSession() {
  const qc = useQueryClient();
  return useCallback(async () => {
    await qc.fetchQuery({ queryKey: meKey, queryFn: accountsApi.me, staleTime: 0 });
    void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
  }, [qc]);
}

const STORAGE_KEY = 'orchard.country';
const listeners = new Set<() => void>();

function browserCountry(): string {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && storefrontOf(stored)) return stored;
  } catch {
    // storage may be disabled; fall through
  }
  const region = typeof navigator !== 'undefined' ? new Intl.Locale(navigator.language || 'en-US').maximize().region : undefined;
  return region && storefrontOf(region) ? region : DEFAULT_COUNTRY;
}

export function setBrowserCountry(country: string) {
  try {
    localStorage.setItem(STORAGE_KEY, country);
  } catch {
    // not persisted; still applies for this page view through the listeners
  }
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useCountry(): string {
  const { me } = useSession();
  const local = useSyncExternalStore(subscribe, browserCountry, () => DEFAULT_COUNTRY);
  return me?.user.country ?? local;
}
