/**
 * What the signed-in shopper owns (GET /me/library), one cache entry shared by the buy box, the
 * reviews (may I write one?), in-app products and the library page. Undefined while unknown or
 * signed out; an empty library when the endpoint doesn't exist on this server.
 */
import { useQuery } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { type LibraryApp, libraryApi } from '../api/library';
import { useSession } from './session';

export const libraryKey = ['library'] as const;

const load = () =>
  libraryApi.library().catch((err) => {
    if (isApiError(err) && err.isMissingEndpoint) return [] as LibraryApp[];
    throw err;
  });

export function useLibrary() {
  const { me } = useSession();
  return useQuery({ queryKey: [...libraryKey, me?.user.id ?? null], queryFn: load, enabled: Boolean(me), retry: false, staleTime: 60_000 });
}

/** The library entry of one app, if owned. */
export const entryOf = (apps: LibraryApp[] | undefined, bundleId: string) => apps?.find((e) => e.app.bundleId === bundleId);
