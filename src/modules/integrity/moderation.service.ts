/**
 * The moderation console's API: the queue ordered by risk with each decision's signals and
 * reasons, approve / reject with a reason (the labels the model learns from), bulk actions and
 * an audit log of every moderator action.
 */
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, isAppError } from '../../platform/errors.js';
import type { ModerationReview } from '../reviews/present.js';
import type { ReviewsService } from '../reviews/reviews.service.js';
import { writeAudit } from './audit.js';
import * as repo from './integrity.repository.js';
import type { IntegrityDecisionsTable } from './integrity.tables.js';
import { recordLabel } from './labels.js';
import type { Signals } from './model/features.js';

export interface DecisionView {
  action: string;
  score: number;
  ruleScore: number;
  modelScore: number | null;
  modelVersion: number | null;
  signals: Signals;
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
  decision: DecisionView | null;
}

const toDecision = (d: IntegrityDecisionsTable): DecisionView => ({
  action: d.action,
  score: Number(d.score),
  ruleScore: Number(d.rule_score),
  modelScore: d.model_score === null ? null : Number(d.model_score),
  modelVersion: d.model_version === null ? null : Number(d.model_version),
  signals: JSON.parse(d.signals),
  reasons: JSON.parse(d.reasons),
  heldBy: d.held_by,
  revision: Number(d.revision),
  createdAt: d.created_at,
});

export type ModeratorAction = 'approve' | 'reject';

export class ModerationService {
  constructor(private readonly d: { clock: Clock; reviews: ReviewsService; config: Config['reviews'] }) {}

  async queue(db: Executor, q: { appId?: string; limit: number; offset: number }): Promise<{ items: QueueItem[]; total: number }> {
    const [rows, total] = await Promise.all([repo.openQueue(db, q), repo.countOpenQueue(db, q.appId)]);
    const ids = rows.map((r) => r.review_id);
    const [views, decisions] = await Promise.all([this.d.reviews.moderationViews(db, ids), repo.latestDecisions(db, ids)]);
    const byId = new Map(views.map((v) => [v.id, v]));
    const items: QueueItem[] = [];
    for (const r of rows) {
      const review = byId.get(r.review_id);
      if (!review) continue;
      const d = decisions.get(r.review_id);
      items.push({ review, score: Number(r.score), source: r.source, queuedAt: r.created_at, decision: d ? toDecision(d) : null });
    }
    return { items, total };
  }

  /** One review with every integrity decision, its reports and whether it waits in the queue. */
  async reviewDetail(db: Executor, reviewId: string) {
    const [view] = await this.d.reviews.moderationViews(db, [reviewId]);
    if (!view) throw new AppError('review_not_found');
    const [decisions, reports, queued] = await Promise.all([
      repo.decisionsOf(db, reviewId),
      this.d.reviews.reportsOf(db, reviewId),
      repo.findQueueItem(db, reviewId),
    ]);
    return { review: view, decisions: decisions.map(toDecision), reports, queued: queued?.state === 'open' };
  }

  /** Approves or rejects a review; the outcome becomes a training label and an audit entry. */
  async decide(db: Db, moderatorId: string, reviewId: string, action: ModeratorAction, reason: string): Promise<ModerationReview> {
    await inTransaction(db, async (trx) => {
      const r = await this.d.reviews.getRow(trx, reviewId);
      if (!r || r.deleted_at) throw new AppError('review_not_found');
      const previous = r.status;
      await this.d.reviews.setStatus(trx, reviewId, action === 'approve' ? 'approved' : 'rejected');
      await repo.closeQueueItem(trx, reviewId, this.d.clock.now().toISOString());
      await recordLabel(trx, this.d.clock, r, action === 'approve' ? 'genuine' : 'fake', 'moderator');
      await writeAudit(trx, this.d.clock, {
        actorId: moderatorId,
        action: `review.${action}`,
        targetType: 'review',
        targetId: reviewId,
        reason,
        details: { previous, revision: Number(r.revision), appId: r.app_id },
      });
    });
    return (await this.d.reviews.moderationViews(db, [reviewId]))[0] as ModerationReview;
  }

  /** The same decision for many reviews; each one succeeds or fails on its own. */
  async bulk(db: Db, moderatorId: string, ids: string[], action: ModeratorAction, reason: string) {
    const results: Array<{ id: string; ok: boolean; status?: string; error?: string }> = [];
    for (const id of [...new Set(ids)]) {
      try {
        const r = await this.decide(db, moderatorId, id, action, reason);
        results.push({ id, ok: true, status: r.status });
      } catch (err) {
        if (!isAppError(err)) throw err;
        results.push({ id, ok: false, error: err.code });
      }
    }
    return results;
  }

  /** Puts a reported review in front of moderators once it has enough reports. */
  async enqueueReported(trx: Executor, reviewId: string, appId: string, reports: number): Promise<void> {
    if (reports < this.d.config.reportsToQueue) return;
    const existing = await repo.findQueueItem(trx, reviewId);
    if (existing?.state === 'open') return;
    const last = (await repo.latestDecisions(trx, [reviewId])).get(reviewId);
    const now = this.d.clock.now().toISOString();
    // Reported reviews rank by their last trust score, lowered a little per report.
    const score = Math.max(0, Number(last?.score ?? 0.6) - 0.05 * reports);
    await repo.upsertQueueItem(trx, {
      review_id: reviewId,
      app_id: appId,
      score,
      source: 'reports',
      state: 'open',
      created_at: now,
      updated_at: now,
    });
  }
}
