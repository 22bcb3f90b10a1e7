/**
 * Review moderation (queue with integrity signals, decisions, incidents, audit, model) and the
 * developer's review inbox. Shapes mirror src/modules/{reviews,integrity}/*.schemas.ts.
 */
import { api } from './client';

export type ReviewStatus = 'pending' | 'approved' | 'manual_review' | 'rejected';

export interface FullReview {
  id: string;
  appId: string;
  bundleId: string;
  rating: number;
  title: string;
  body: string;
  appVersion: string;
  country: string;
  status: ReviewStatus;
  author: { displayName: string };
  helpfulCount: number;
  unhelpfulCount: number;
  edited: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
  response: { body: string; createdAt: string; updatedAt: string } | null;
}

export interface ModerationReview extends FullReview {
  userId: string;
  heldBy: string | null;
  reportCount: number;
  deleted: boolean;
}

export const SIGNALS = ['velocity', 'content', 'accountAge', 'verifiedPurchase', 'coordination', 'originality'] as const;
export type SignalName = (typeof SIGNALS)[number];

export interface Decision {
  action: string;
  score: number;
  ruleScore: number;
  modelScore: number | null;
  modelVersion: number | null;
  signals: Record<SignalName, number>;
  reasons: string[];
  heldBy: string | null;
  revision: number;
  createdAt: string;
}

export interface QueueItem {
  review: ModerationReview;
  score: number;
  source: string;
  queuedAt: string;
  decision: Decision | null;
}

export interface ReviewDetail {
  review: ModerationReview;
  decisions: Decision[];
  reports: Array<{ reason: string; note: string; createdAt: string }>;
  queued: boolean;
}

export interface Incident {
  id: string;
  appId: string;
  bundleId: string;
  direction: 'negative' | 'positive';
  status: 'open' | 'resolved';
  windowStart: string;
  observed: number;
  baselinePerHour: number;
  held: number;
  detectedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  note: string | null;
}

export interface AuditEntry {
  id: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface ModelMetrics {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ModelVersion {
  id: string;
  version: number;
  status: string;
  metrics: ModelMetrics;
  liveMetrics: ModelMetrics | null;
  labels: number;
  trainSeconds: number;
  trigger: string;
  createdAt: string;
  promotedAt: string | null;
}

export interface RetrainResult {
  version: number;
  promoted: boolean;
  metrics: ModelMetrics;
  liveMetrics: ModelMetrics | null;
  labels: number;
  trainSeconds: number;
}

export type ModeratorAction = 'approve' | 'reject';

export const moderationApi = {
  queue: (q: { bundleId?: string; limit: number; offset: number }) =>
    api<{ items: QueueItem[]; total: number }>('/moderation/queue', { query: q }),
  review: (id: string) => api<ReviewDetail>(`/moderation/reviews/${encodeURIComponent(id)}`),
  decide: (id: string, action: ModeratorAction, reason: string) =>
    api<{ review: ModerationReview }>(`/moderation/reviews/${encodeURIComponent(id)}/decision`, {
      method: 'POST',
      body: { action, reason },
    }).then((r) => r.review),
  bulk: (ids: string[], action: ModeratorAction, reason: string) =>
    api<{ results: Array<{ id: string; ok: boolean; status?: string; error?: string }> }>('/moderation/reviews/decisions', {
      method: 'POST',
      body: { ids, action, reason },
    }).then((r) => r.results),
  incidents: (q: { status?: 'open' | 'resolved'; limit: number; offset: number }) =>
    api<{ incidents: Incident[] }>('/moderation/incidents', { query: q }).then((r) => r.incidents),
  resolveIncident: (id: string, resolution: 'release' | 'reject', note: string) =>
    api<{ incident: Incident }>(`/moderation/incidents/${encodeURIComponent(id)}/resolve`, {
      method: 'POST',
      body: { resolution, note },
    }).then((r) => r.incident),
  audit: (q: { limit: number; offset: number }) => api<{ entries: AuditEntry[] }>('/moderation/audit', { query: q }).then((r) => r.entries),
  models: () => api<{ models: ModelVersion[] }>('/moderation/models').then((r) => r.models),
  retrain: () => api<RetrainResult>('/moderation/models/retrain', { method: 'POST', body: {} }),
};

export interface InboxQuery {
  bundleId?: string;
  rating?: number;
  country?: string;
  version?: string;
  unanswered?: boolean;
  sort?: 'helpful' | 'recent' | 'critical' | 'favorable';
  limit: number;
  offset: number;
}

export interface RatingSummary {
  bundleId: string;
  scope: 'all' | 'country' | 'version';
  key: string | null;
  count: number;
  average: number;
  histogram: number[];
  bayesianAverage: number;
  prior: { mean: number; confidence: number };
  updatedAt: string | null;
}

export const developerReviewsApi = {
  inbox: (q: InboxQuery) => api<{ reviews: FullReview[]; total: number }>('/developers/me/reviews', { query: { ...q } }),
  respond: (reviewId: string, body: string) =>
    api<{ response: FullReview['response'] }>(`/reviews/${encodeURIComponent(reviewId)}/response`, { method: 'PUT', body: { body } }),
  removeResponse: (reviewId: string) => api<void>(`/reviews/${encodeURIComponent(reviewId)}/response`, { method: 'DELETE' }),
  ratings: (bundleId: string) => api<RatingSummary>(`/apps/${encodeURIComponent(bundleId)}/ratings`),
  resetRatings: (bundleId: string, version?: string) =>
    api<RatingSummary>(`/apps/${encodeURIComponent(bundleId)}/ratings/reset`, { method: 'POST', body: version ? { version } : {} }),
};
