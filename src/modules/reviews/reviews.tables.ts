import type { Generated } from 'kysely';

/** pending = awaiting the integrity check; manual_review = waiting for a moderator. */
export type ReviewStatus = 'pending' | 'approved' | 'manual_review' | 'rejected';

/** What an author wrote, and where: kept on the review and on every revision. */
export interface ReviewContent {
  rating: number;
  title: string;
  body: string;
  app_version: string;
  country: string;
}

export interface ReviewsTable extends ReviewContent {
  id: string;
  app_id: string;
  user_id: string;
  status: ReviewStatus;
  /** Incident (integrity module) holding this review out of the rating, if any. */
  held_by: string | null;
  revision: number;
  helpful_count: Generated<number>;
  unhelpful_count: Generated<number>;
  /** Wilson lower bound of the helpful share: the "most helpful" sort key. */
  helpfulness: Generated<number>;
  report_count: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface ReviewRevisionsTable extends ReviewContent {
  review_id: string;
  revision: number;
  user_id: string;
  created_at: string;
}
export interface ReviewVotesTable {
  review_id: string;
  user_id: string;
  /** 1 helpful, 0 not helpful. */
  helpful: number;
  created_at: string;
}
export interface ReviewReportsTable {
  review_id: string;
  user_id: string;
  reason: string;
  note: string;
  created_at: string;
}
export interface ReviewResponsesTable {
  review_id: string;
  developer_id: string;
  body: string;
  created_at: string;
  updated_at: string;
}
export type SummaryScope = 'all' | 'country' | 'version';
export interface RatingSummariesTable {
  app_id: string;
  scope: SummaryScope;
  scope_key: string;
  count: number;
  total: number;
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  h5: number;
  updated_at: string;
}
export interface RatingAppStateTable {
  app_id: string;
  reset_at: string | null;
  reset_version: string | null;
  /** JSON [h1..h5] of ratings imported with the catalog, or null. */
  baseline: string | null;
  updated_at: string;
}
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  /** JSON object with ids a client links to (reviewId, bundleId…). */
  data: string;
  source_id: string;
  created_at: string;
  read_at: string | null;
}

export interface ReviewsTables {
  reviews: ReviewsTable;
  review_revisions: ReviewRevisionsTable;
  review_votes: ReviewVotesTable;
  review_reports: ReviewReportsTable;
  review_responses: ReviewResponsesTable;
  rating_summaries: RatingSummariesTable;
  rating_app_state: RatingAppStateTable;
  notifications: NotificationsTable;
}
