/**
 * Wire shapes of the API responses the web app reads. Catalog and accounts shapes come from
 * the server modules' type-only files, so client and server cannot drift apart.
 */
import type { Developer, User } from '../../../src/modules/accounts/accounts.types.js';
import type { AppDetail, AppSummary } from '../../../src/modules/catalog/catalog.types.js';

export type { UserRole as Role } from '../../../src/modules/accounts/accounts.tables.js';
export type { ApiKey, Developer, User } from '../../../src/modules/accounts/accounts.types.js';
export type { AppStatus } from '../../../src/modules/catalog/catalog.tables.js';
export type { AppDetail, AppSummary, Price } from '../../../src/modules/catalog/catalog.types.js';

export type Screenshot = AppDetail['screenshots'][number];

export interface AppList {
  apps: AppSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface CategoryCount {
  name: string;
  slug: string;
  count: number;
}

export interface Me {
  user: User;
  developer: Developer | null;
}

export interface SearchResult {
  bundleId: string;
  name: string;
  developer: string;
  category: string;
  priceMinor: number;
  currency: string;
  ratingAverage: number;
  ratingCount: number;
  score: number;
  iconUrl?: string | null;
  subtitle?: string;
}

/** GET /search as the web app uses it (facets normalised to counts by category name). */
export interface SearchResponse {
  results: SearchResult[];
  total: number;
  /** False when a very common query stopped counting early and `total` is an estimate. */
  totalExact?: boolean;
  tookMs: number;
  degraded: boolean;
  facets?: Record<string, number>;
  didYouMean?: string | null;
}

/** Facets as the search API may send them: a list per category, or counts keyed by name. */
export type WireFacets = Array<{ category: string; slug?: string; count: number }> | { category?: Record<string, number> };

export interface Suggestion {
  text: string;
  bundleId?: string;
}

export interface Review {
  id: string;
  rating: number;
  title: string;
  body: string;
  author?: { displayName: string };
  appVersion?: string;
  edited?: boolean;
  createdAt: string;
  helpfulCount?: number;
  /** The developer's public answer. */
  response?: { body: string; createdAt: string } | null;
}

export interface Purchase {
  id: string;
  transactionId: string;
  bundleId: string;
  productId?: string | null;
  amountMinor: number;
  currency: string;
}
