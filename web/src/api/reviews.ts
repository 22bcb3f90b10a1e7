/**
 * Reviews API for shoppers: list with sort and pages (plus the viewer's own review whatever its
 * status), write/edit/delete their own, vote and report. Text comes back exactly as written and
 * is rendered as text, never as markup.
 */
import { api } from './client';

export type ReviewSort = 'helpful' | 'recent' | 'critical' | 'favorable';
export type Vote = 'helpful' | 'not_helpful';
export type ReviewStatus = 'pending' | 'approved' | 'manual_review' | 'rejected';
export type ReportReason = 'spam' | 'offensive' | 'off_topic' | 'fake' | 'personal_info' | 'other';

/** A review as GET /apps/{bundleId}/reviews sends it; optional fields tolerate older servers. */
export interface StoreReview {
  id: string;
  rating: number;
  title: string;
  body: string;
  author?: { displayName: string };
  appVersion?: string;
  status?: ReviewStatus;
  edited?: boolean;
  createdAt: string;
  updatedAt?: string;
  helpfulCount?: number;
  unhelpfulCount?: number;
  response?: { body: string; createdAt: string; updatedAt?: string } | null;
  myVote?: Vote | null;
}

export interface ReviewPage {
  reviews: StoreReview[];
  total: number;
  limit?: number;
  offset?: number;
  /** The signed-in viewer's own review (pending ones included), when signed in. */
  mine?: StoreReview | null;
}

export interface VoteResult {
  helpfulCount: number;
  unhelpfulCount: number;
  myVote: Vote | null;
}

export interface ReviewInput {
  rating: number;
  title?: string;
  body?: string;
}

const appPath = (bundleId: string) => `/apps/${encodeURIComponent(bundleId)}`;
const reviewPath = (id: string) => `/reviews/${encodeURIComponent(id)}`;

export const reviewsApi = {
  list: (bundleId: string, q: { sort: ReviewSort; limit: number; offset: number }) =>
    api<ReviewPage>(`${appPath(bundleId)}/reviews`, { query: q }).then((r) => ({ ...r, reviews: r.reviews ?? [], total: r.total ?? 0 })),
  /** 201 for a first review, 200 for an edit: either way the saved review. */
  submit: (bundleId: string, input: ReviewInput) =>
    api<{ review: StoreReview }>(`${appPath(bundleId)}/reviews`, { method: 'POST', body: input }).then((r) => r.review),
  remove: (id: string) => api<void>(reviewPath(id), { method: 'DELETE' }),
  vote: (id: string, helpful: boolean) => api<VoteResult>(`${reviewPath(id)}/vote`, { method: 'PUT', body: { helpful } }),
  unvote: (id: string) => api<VoteResult>(`${reviewPath(id)}/vote`, { method: 'DELETE' }),
  report: (id: string, reason: ReportReason, note?: string) =>
    api<{ reported: boolean }>(`${reviewPath(id)}/reports`, { method: 'POST', body: note ? { reason, note } : { reason } }),
};
