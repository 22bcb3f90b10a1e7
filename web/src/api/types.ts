/** Wire shapes of the API responses the web app reads (see the server's *.schemas.ts). */

export interface Price {
  country: string;
  priceMinor: number;
  currency: string;
}

export type AppStatus = 'draft' | 'live' | 'removed' | (string & {});

export interface AppSummary {
  id: string;
  bundleId: string;
  name: string;
  subtitle: string;
  developer: string;
  developerId: string;
  category: string;
  priceMinor: number;
  currency: string;
  ratingAverage: number;
  ratingCount: number;
  downloads: number;
  iconUrl: string | null;
  version: string;
  status: AppStatus;
  releasedAt: string;
  updatedAt: string;
  /** Price in the requested storefront; null when the app is not sold there. */
  price?: Price | null;
}

export interface Screenshot {
  position: number;
  url: string;
  sha256: string;
}

export interface AppDetail extends AppSummary {
  description: string;
  keywords: string[];
  ageRating: string;
  sizeBytes: number;
  ratingHistogram: number[];
  developerSlug: string;
  availability: string[] | null;
  prices: Price[];
  screenshots: Screenshot[];
  currentVersion: { version: string; updatedAt: string; sizeBytes: number };
  createdAt: string;
}

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

export type Role = 'customer' | 'developer' | 'moderator' | 'admin';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  country: string;
  createdAt: string;
  developerId: string | null;
}

export interface Developer {
  id: string;
  name: string;
  slug: string;
  website: string | null;
  bio: string | null;
  createdAt: string;
}

export interface Me {
  user: User;
  developer: Developer | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
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

export interface SearchResponse {
  results: SearchResult[];
  total: number;
  tookMs: number;
  degraded: boolean;
  facets?: { category?: Record<string, number> };
  didYouMean?: string | null;
}

export interface Suggestion {
  text: string;
  bundleId?: string;
}

export interface Review {
  id: string;
  rating: number;
  title?: string;
  body?: string;
  status?: string;
  author?: string;
  authorName?: string;
  displayName?: string;
  createdAt?: string;
  helpfulCount?: number;
  developerResponse?: { body: string; createdAt?: string } | null;
}

export interface Purchase {
  id: string;
  transactionId: string;
  bundleId: string;
  productId?: string | null;
  amountMinor: number;
  currency: string;
}
