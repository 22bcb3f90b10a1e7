/**
 * The catalog's public shapes (what the API returns for apps). Types only, no runtime
 * imports, so the web app can share them.
 */
import type { AppStatus } from './catalog.tables.js';

export interface Price {
  country: string;
  priceMinor: number;
  currency: string;
}

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
  /** Price in the requested storefront, when one was given; null = not sold there. */
  price?: Price | null;
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
  screenshots: Array<{ position: number; url: string; sha256: string }>;
  currentVersion: { version: string; updatedAt: string; sizeBytes: number };
  createdAt: string;
}
