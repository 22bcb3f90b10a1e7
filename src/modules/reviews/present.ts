/** Row → API shapes for reviews. Text is returned exactly as written; clients render it escaped. */
import type { Executor } from '../../db/database.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import { type ReviewRow, responsesFor } from './reviews.repository.js';
import type { ReviewResponsesTable, ReviewStatus } from './reviews.tables.js';

export interface DeveloperResponse {
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface Review {
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
  response: DeveloperResponse | null;
  /** The signed-in viewer's own vote, when asked for. */
  myVote?: 'helpful' | 'not_helpful' | null;
}

/** What moderators see in addition: who wrote it and why it may be hidden. */
export interface ModerationReview extends Review {
  userId: string;
  heldBy: string | null;
  reportCount: number;
  deleted: boolean;
}

export const toResponse = (r: ReviewResponsesTable | undefined): DeveloperResponse | null =>
  r ? { body: r.body, createdAt: r.created_at, updatedAt: r.updated_at } : null;

export function toReview(r: ReviewRow, bundleId: string, authorName: string, response: DeveloperResponse | null): Review {
  return {
    id: r.id,
    appId: r.app_id,
    bundleId,
    rating: Number(r.rating),
    title: r.title,
    body: r.body,
    appVersion: r.app_version,
    country: r.country,
    status: r.status,
    author: { displayName: authorName },
    helpfulCount: Number(r.helpful_count),
    unhelpfulCount: Number(r.unhelpful_count),
    edited: Number(r.revision) > 1,
    revision: Number(r.revision),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    response,
  };
}

export function toModerationReview(
  r: ReviewRow,
  bundleId: string,
  authorName: string,
  response: DeveloperResponse | null,
): ModerationReview {
  return {
    ...toReview(r, bundleId, authorName, response),
    userId: r.user_id,
    heldBy: r.held_by,
    reportCount: Number(r.report_count),
    deleted: r.deleted_at !== null,
  };
}

/**
 * Loads what presenting these rows needs (authors' names, developer responses, bundle ids) in
 * three queries, and returns the shaping functions.
 */
export async function presenter(db: Executor, d: { accounts: AccountsService; catalog: CatalogService }, rows: ReviewRow[]) {
  const [meta, responses, apps] = await Promise.all([
    d.accounts.getUsersMeta(
      db,
      rows.map((r) => r.user_id),
    ),
    responsesFor(
      db,
      rows.map((r) => r.id),
    ),
    d.catalog.appsByIds(db, [...new Set(rows.map((r) => r.app_id))]),
  ]);
  const resp = new Map(responses.map((r) => [r.review_id, r]));
  const bundle = new Map(apps.map((a) => [a.id, a.bundle_id]));
  const args = (r: ReviewRow) =>
    [r, bundle.get(r.app_id) ?? '', meta.get(r.user_id)?.displayName ?? 'Someone', toResponse(resp.get(r.id))] as const;
  return { review: (r: ReviewRow) => toReview(...args(r)), moderation: (r: ReviewRow) => toModerationReview(...args(r)) };
}

/**
 * Lower bound of the 95% Wilson interval of the helpful share: a review with 40 of 50 helpful
 * votes ranks above one with 1 of 1, which a plain ratio would not do.
 */
export function wilsonLowerBound(helpful: number, total: number): number {
  if (total === 0) return 0;
  const z = 1.96;
  const p = helpful / total;
  const d = 1 + (z * z) / total;
  const centre = p + (z * z) / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p) + (z * z) / (4 * total)) / total);
  return (centre - margin) / d;
}
