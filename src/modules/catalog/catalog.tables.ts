import type { Generated } from 'kysely';

export type AppStatus = 'draft' | 'live' | 'removed';

export interface AppsTable {
  id: string;
  bundle_id: string;
  developer_id: string;
  /** Denormalised for search and listings; kept in step by the developer.updated consumer. */
  developer_name: string;
  name: string;
  subtitle: Generated<string>;
  category: string;
  description: Generated<string>;
  /** JSON array of strings. */
  keywords: Generated<string>;
  age_rating: Generated<string>;
  price_minor: Generated<number>;
  currency: Generated<string>;
  /** JSON array of ISO country codes, or null for every storefront. */
  availability: string | null;
  icon_sha: string | null;
  version: Generated<string>;
  size_bytes: Generated<number>;
  rating_average: Generated<number>;
  rating_count: Generated<number>;
  /** JSON array of five counts, for 1..5 stars. */
  rating_histogram: Generated<string>;
  downloads: Generated<number>;
  popularity: Generated<number>;
  status: AppStatus;
  released_at: string;
  created_at: string;
  updated_at: string;
}
export interface AppPricesTable {
  app_id: string;
  country: string;
  price_minor: number;
  currency: string;
}
export interface AppScreenshotsTable {
  app_id: string;
  position: number;
  sha256: string;
}

export interface CatalogTables {
  apps: AppsTable;
  app_prices: AppPricesTable;
  app_screenshots: AppScreenshotsTable;
}
