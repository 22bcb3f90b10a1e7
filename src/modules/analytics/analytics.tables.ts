/** Engagement, download and revenue analytics (see docs/ranking.md and docs/architecture.md). */

export interface UsageEventIdsTable {
  event_id: string;
  day: string;
}
export interface UsageEventsRawTable {
  event_id: string;
  app_id: string;
  user_id: string;
  kind: string;
  day: string;
  seconds: number;
  at: string;
}
export interface UsageUserDaysTable {
  app_id: string;
  user_id: string;
  day: string;
  sessions: number;
  seconds: number;
}
export interface AppUsersTable {
  app_id: string;
  user_id: string;
  first_day: string;
}
export interface UsageDailyTable {
  app_id: string;
  day: string;
  dau: number;
  mau: number;
  sessions: number;
  seconds: number;
  /** Users whose first day with the app is `day`, and how many of them came back 1 and 7 days later. */
  cohort: number;
  d1: number;
  d7: number;
}
export interface DownloadFactsTable {
  app_id: string;
  user_id: string;
  day: string;
  country: string;
  source: 'download' | 'purchase';
}
export interface DownloadsDailyTable {
  app_id: string;
  day: string;
  country: string;
  count: number;
}
export interface PurchaseFactsTable {
  purchase_id: string;
  user_id: string;
  app_id: string;
  day: string;
  country: string;
  currency: string;
  amount_minor: number;
  refunded: number;
}
export interface RevenueDailyTable {
  app_id: string;
  day: string;
  country: string;
  currency: string;
  amount_minor: number;
  purchases: number;
  refunds: number;
}
export interface RatingFactsTable {
  app_id: string;
  user_id: string;
  rating: number;
  visible: number;
  day: string;
}
export interface UserFingerprintsTable {
  fingerprint: string;
  user_id: string;
  last_day: string;
}

export interface AnalyticsTables {
  usage_event_ids: UsageEventIdsTable;
  usage_events_raw: UsageEventsRawTable;
  usage_user_days: UsageUserDaysTable;
  app_users: AppUsersTable;
  usage_daily: UsageDailyTable;
  download_facts: DownloadFactsTable;
  downloads_daily: DownloadsDailyTable;
  purchase_facts: PurchaseFactsTable;
  revenue_daily: RevenueDailyTable;
  rating_facts: RatingFactsTable;
  user_fingerprints: UserFingerprintsTable;
}
