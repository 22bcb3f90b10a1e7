/**
 * Endpoints other modules are building in parallel (search, purchases, reviews). Callers
 * treat a missing endpoint (404 route_not_found) as "not available yet", never as a crash.
 */
import { api, isApiError } from './client';
import type { Purchase, Review, SearchResponse, Suggestion, WireFacets } from './types';

export interface SearchQuery {
  q: string;
  category?: string;
  price?: 'free' | 'paid';
  minRating?: number;
  country?: string;
  limit?: number;
  offset?: number;
}

function facetCounts(f: WireFacets | undefined): Record<string, number> | undefined {
  if (!f) return undefined;
  if (Array.isArray(f)) return Object.fromEntries(f.map((x) => [x.category, x.count]));
  return f.category;
}

export const storeApi = {
  search: (q: SearchQuery, signal?: AbortSignal) =>
    api<Omit<SearchResponse, 'facets'> & { facets?: WireFacets }>('/search', { query: { ...q }, signal }).then((r) => ({
      ...r,
      facets: facetCounts(r.facets),
    })),
  /** The week's most searched queries that found apps (empty until the search API exists). */
  trending: (signal?: AbortSignal) =>
    api<{ queries: Array<{ query: string; count: number }> }>('/search/trending', { query: { limit: 8 }, signal })
      .then((r) => r.queries ?? [])
      .catch((err) => {
        if (isApiError(err) && err.isMissingEndpoint) return [] as Array<{ query: string; count: number }>;
        throw err;
      }),
  suggest: (q: string, signal?: AbortSignal) =>
    api<{ suggestions: Suggestion[] }>('/search/suggest', { query: { q }, signal }).then((r) => r.suggestions ?? []),
  reviews: (bundleId: string, sort: 'helpful' | 'recent' | 'critical' | 'favorable' = 'helpful') =>
    api<{ reviews?: Review[]; total?: number }>(`/apps/${encodeURIComponent(bundleId)}/reviews`, { query: { sort } }),
  /** Apps the signed-in user owns; an empty library until the commerce API exists. */
  library: () =>
    api<{ apps: Array<{ app: { bundleId: string }; source: string }> }>('/me/library')
      .then((r) => r.apps.map((a) => a.app.bundleId))
      .catch((err) => {
        if (isApiError(err) && err.isMissingEndpoint) return [] as string[];
        throw err;
      }),
  /** The key makes a retried purchase replay the first answer instead of charging twice. */
  purchase: (body: { bundleId: string; country: string; paymentToken: string }, idempotencyKey: string) =>
    api<{ purchase: Purchase; receipt: string }>('/purchases', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
};
