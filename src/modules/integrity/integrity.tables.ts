export type IntegrityAction = 'approve' | 'manual_review' | 'reject';

export interface IntegrityDecisionsTable {
  id: string;
  review_id: string;
  revision: number;
  app_id: string;
  /** Combined trust score in [0, 1] (1 = trustworthy). */
  score: number;
  rule_score: number;
  /** Model's probability that the review is genuine, when a model was live. */
  model_score: number | null;
  action: IntegrityAction;
  /** JSON Signals. */
  signals: string;
  /** JSON string[]. */
  reasons: string;
  model_version: number | null;
  held_by: string | null;
  created_at: string;
}
export interface ReviewFingerprintsTable {
  review_id: string;
  app_id: string;
  user_id: string;
  minhash: Buffer;
  created_at: string;
}
export interface ReviewFingerprintBandsTable {
  app_id: string;
  band: number;
  review_id: string;
}
export interface ModerationQueueTable {
  review_id: string;
  app_id: string;
  score: number;
  /** Why it is queued: integrity | reports. */
  source: string;
  state: 'open' | 'closed';
  created_at: string;
  updated_at: string;
}
export type Label = 'fake' | 'genuine';
export interface IntegrityLabelsTable {
  id: string;
  review_id: string | null;
  label: Label;
  text: string;
  rating: number | null;
  signals: string | null;
  /** moderator | incident | import */
  source: string;
  created_at: string;
}
export type ModelStatus = 'live' | 'candidate' | 'retired' | 'rejected';
export interface IntegrityModelsTable {
  id: string;
  version: number;
  status: ModelStatus;
  spec: string;
  weights: Buffer | null;
  bias: number;
  metrics: string;
  /** The then-live model's metrics on the same held-out slice. */
  live_metrics: string | null;
  labels: number;
  train_seconds: number;
  trigger: string;
  created_at: string;
  promoted_at: string | null;
}
export interface ReviewIncidentsTable {
  id: string;
  app_id: string;
  direction: 'negative' | 'positive';
  status: 'open' | 'resolved';
  window_start: string;
  observed: number;
  baseline_per_hour: number;
  detected_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  /** release | reject */
  resolution: string | null;
  note: string | null;
}
export interface ModerationAuditTable {
  id: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string;
  details: string;
  created_at: string;
}

export interface IntegrityTables {
  integrity_decisions: IntegrityDecisionsTable;
  review_fingerprints: ReviewFingerprintsTable;
  review_fingerprint_bands: ReviewFingerprintBandsTable;
  moderation_queue: ModerationQueueTable;
  integrity_labels: IntegrityLabelsTable;
  integrity_models: IntegrityModelsTable;
  review_incidents: ReviewIncidentsTable;
  moderation_audit: ModerationAuditTable;
}
