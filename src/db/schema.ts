/**
 * The database as Kysely sees it: every module declares its own tables in
 * `<module>.tables.ts`; this file only composes them. Platform tables live here.
 */
import type { Generated } from 'kysely';
import type { AccountsTables } from '../modules/accounts/accounts.tables.js';
import type { AnalyticsTables } from '../modules/analytics/analytics.tables.js';
import type { CatalogTables } from '../modules/catalog/catalog.tables.js';
import type { ChartsTables } from '../modules/charts/charts.tables.js';
import type { CommerceTables } from '../modules/commerce/commerce.tables.js';
import type { DeliveryTables } from '../modules/delivery/delivery.tables.js';
import type { EntitlementsTables } from '../modules/entitlements/entitlements.tables.js';
import type { IntegrityTables } from '../modules/integrity/integrity.tables.js';
import type { NotificationsTables } from '../modules/notifications/notifications.tables.js';
import type { RecommendationsTables } from '../modules/recommendations/recommendations.tables.js';
import type { ReleasesTables } from '../modules/releases/releases.tables.js';
import type { ReviewsTables } from '../modules/reviews/reviews.tables.js';
import type { SearchTables } from '../modules/search/search.tables.js';
import type { SubscriptionsTables } from '../modules/subscriptions/subscriptions.tables.js';

export interface OutboxTable {
  seq: Generated<number>;
  id: string;
  type: string;
  aggregate_id: string;
  payload: string;
  created_at: string;
  dispatched_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
}
export interface InboxTable {
  consumer: string;
  event_id: string;
  processed_at: string;
}
export interface EventRetriesTable {
  consumer: string;
  event_id: string;
  seq: number;
  attempts: number;
  next_attempt_at: string;
  last_error: string;
}
export interface DeadLettersTable {
  id: string;
  consumer: string;
  event_id: string;
  seq: number;
  type: string;
  payload: string;
  error: string;
  attempts: number;
  created_at: string;
  redriven_at: string | null;
}
export interface JobLeasesTable {
  name: string;
  owner: string;
  expires_at: string;
  last_run_at: string | null;
}
export interface BlobsTable {
  sha256: string;
  size: number;
  content_type: string;
  created_at: string;
}
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface PlatformTables {
  outbox: OutboxTable;
  inbox: InboxTable;
  event_retries: EventRetriesTable;
  dead_letters: DeadLettersTable;
  job_leases: JobLeasesTable;
  blobs: BlobsTable;
  settings: SettingsTable;
}

export interface DB
  extends PlatformTables,
    AccountsTables,
    CatalogTables,
    EntitlementsTables,
    CommerceTables,
    ReviewsTables,
    IntegrityTables,
    ReleasesTables,
    DeliveryTables,
    SubscriptionsTables,
    NotificationsTables,
    AnalyticsTables,
    ChartsTables,
    RecommendationsTables,
    SearchTables {}
