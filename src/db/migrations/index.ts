/**
 * Every migration, in order. Names are timestamps; a migration is never edited after it lands —
 * add a new one instead. Kept as a static list so the bundled build needs no file scanning.
 */
import type { Migration } from 'kysely';
import * as m1400 from './2026-11-25T1400-platform.js';
import * as m1401 from './2026-11-25T1401-accounts.js';
import * as m1402 from './2026-11-25T1402-catalog.js';
import * as m1403 from './2026-11-25T1403-entitlements.js';
import * as m1404 from './2026-11-25T1404-catalog-listing-indexes.js';
import * as m1600 from './2026-11-25T1600-commerce-products.js';
import * as m1601 from './2026-11-25T1601-commerce-purchases.js';
import * as m1602 from './2026-11-25T1602-commerce-ledger.js';
import * as m1700 from './2026-11-25T1700-reviews.js';
import * as m1701 from './2026-11-25T1701-integrity.js';
import * as m1800 from './2026-11-25T1800-releases.js';
import * as m1801 from './2026-11-25T1801-delivery.js';
import * as m1900 from './2026-11-25T1900-search.js';
import * as m2000 from './2026-11-25T2000-subscriptions-purchase-type.js';
import * as m2001 from './2026-11-25T2001-subscriptions.js';
import * as m2100 from './2026-11-25T2100-analytics.js';
import * as m2101 from './2026-11-25T2101-charts.js';
import * as m2102 from './2026-11-25T2102-recommendations.js';
import * as m2103 from './2026-11-25T2103-charts-ranking-scan.js';
import * as m2200 from './2026-11-25T2200-commerce-purchase-payment-token.js';

export const migrations: Record<string, Migration> = {
  '2026-11-25T1400-platform': m1400,
  '2026-11-25T1401-accounts': m1401,
  '2026-11-25T1402-catalog': m1402,
  '2026-11-25T1403-entitlements': m1403,
  '2026-11-25T1404-catalog-listing-indexes': m1404,
  '2026-11-25T1600-commerce-products': m1600,
  '2026-11-25T1601-commerce-purchases': m1601,
  '2026-11-25T1602-commerce-ledger': m1602,
  '2026-11-25T1700-reviews': m1700,
  '2026-11-25T1701-integrity': m1701,
  '2026-11-25T1800-releases': m1800,
  '2026-11-25T1801-delivery': m1801,
  '2026-11-25T1900-search': m1900,
  '2026-11-25T2000-subscriptions-purchase-type': m2000,
  '2026-11-25T2001-subscriptions': m2001,
  '2026-11-25T2100-analytics': m2100,
  '2026-11-25T2101-charts': m2101,
  '2026-11-25T2102-recommendations': m2102,
  '2026-11-25T2103-charts-ranking-scan': m2103,
  '2026-11-25T2200-commerce-purchase-payment-token': m2200,
};
