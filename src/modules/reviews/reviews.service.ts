/**
 * Reviews: one per user per app (a second submission edits it; every revision is kept),
 * written only by users entitled to the app, checked by the integrity module before they count.
 * The author always sees their own review (read-your-writes); everyone else sees approved,
 * unheld ones. Text is stored verbatim as plain text.
 */
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { NotificationsService } from './notifications.service.js';
import { type ModerationReview, presenter, type Review, wilsonLowerBound } from './present.js';
import type { RatingsService } from './ratings.service.js';
import type { ResponsesService } from './responses.service.js';
import './reviews.events.js';
import * as repo from './reviews.repository.js';
import type { ReviewStatus } from './reviews.tables.js';

registerErrors({
  review_not_found: { status: 404, title: 'No such review' },
  review_rate_limited: { status: 429, title: 'Too many reviews in the last hour' },
  cannot_vote_own_review: { status: 400, title: 'You cannot vote on your own review' },
  cannot_report_own_review: { status: 400, title: 'You cannot report your own review' },
});

export interface ReviewInput {
  rating: number;
  title?: string;
  body?: string;
}

/** Who writes: the signed-in user (country comes from their profile). */
export interface Author {
  id: string;
  country: string;
}

export interface ReviewsDeps {
  config: Config['reviews'];
  clock: Clock;
  bus: EventBus;
  catalog: CatalogService;
  entitlements: EntitlementsService;
  accounts: AccountsService;
}

/** The module's other services, reachable as `services.reviews.ratings` etc. */
export interface ReviewsParts {
  ratings: RatingsService;
  responses: ResponsesService;
  notifications: NotificationsService;
}

export class ReviewsService {
  readonly ratings: RatingsService;
  readonly responses: ResponsesService;
  readonly notifications: NotificationsService;

  constructor(
    private readonly d: ReviewsDeps,
    parts: ReviewsParts,
  ) {
    this.ratings = parts.ratings;
    this.responses = parts.responses;
    this.notifications = parts.notifications;
  }

  private now() {
    return this.d.clock.now().toISOString();
  }

  /** A live app by bundle id (shoppers can review only what is on sale), else app_not_found. */
  async liveApp(db: Executor, bundleId: string) {
    const id = await this.d.catalog.appIdForBundle(db, bundleId);
    const [app] = id ? await this.d.catalog.appsByIds(db, [id]) : [];
    if (app?.status !== 'live') throw new AppError('app_not_found');
    return app;
  }

  /**
   * Creates or edits the user's review of an app. Returns `created` so the route answers 201 or
   * 200. Throws not_entitled (403), app_not_found (404), review_rate_limited (429).
   */
  async submit(db: Db, author: Author, bundleId: string, input: ReviewInput): Promise<{ review: Review; created: boolean }> {
    const app = await this.liveApp(db, bundleId);
    await this.d.entitlements.assertEntitled(db, author.id, app.id);
    const attempt = () =>
      inTransaction(db, async (trx) => {
        await this.checkRate(trx, author.id);
        const now = this.now();
        const existing = await repo.findByAppUser(trx, app.id, author.id);
        const fields = {
          rating: input.rating,
          title: input.title ?? '',
          body: input.body ?? '',
          app_version: app.version,
          country: author.country,
        };
        let id: string;
        let revision: number;
        if (!existing) {
          id = newId();
          revision = 1;
          await repo.insertReview(trx, {
            id,
            app_id: app.id,
            user_id: author.id,
            ...fields,
            status: 'pending',
            held_by: null,
            revision,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          });
        } else {
          id = existing.id;
          revision = Number(existing.revision) + 1;
          // An edit is checked again before it counts; a deleted review comes back as a new submission.
          await repo.updateReview(trx, id, { ...fields, status: 'pending', revision, updated_at: now, deleted_at: null });
        }
        await repo.insertRevision(trx, { review_id: id, revision, user_id: author.id, ...fields, created_at: now });
        await this.d.bus.emit(trx, {
          type: existing ? 'review.updated' : 'review.created',
          aggregateId: app.id,
          payload: { reviewId: id, appId: app.id, userId: author.id, revision },
        });
        return { id, created: !existing };
      });
    let r: { id: string; created: boolean };
    try {
      r = await attempt();
    } catch (err) {
      // Two first submissions at once: the loser becomes an edit of the winner's row.
      if (!isUniqueViolation(err)) throw err;
      r = await attempt();
    }
    return { review: await this.present(db, (await repo.findById(db, r.id)) as repo.ReviewRow), created: r.created };
  }

  private async checkRate(trx: Executor, userId: string) {
    const hourAgo = new Date(this.d.clock.now().getTime() - 3_600_000).toISOString();
    const n = await repo.countSubmissionsSince(trx, userId, hourAgo);
    if (n < this.d.config.perUserPerHour) return;
    const oldest = await repo.oldestSubmissionSince(trx, userId, hourAgo);
    const retry = oldest ? Math.max(1, Math.ceil((Date.parse(oldest) + 3_600_000 - this.d.clock.now().getTime()) / 1000)) : 3600;
    throw new AppError(
      'review_rate_limited',
      `At most ${this.d.config.perUserPerHour} reviews or edits an hour`,
      { retryAfterSeconds: retry },
      { 'retry-after': String(retry) },
    );
  }

  private async present(db: Executor, row: repo.ReviewRow): Promise<Review> {
    return (await presenter(db, this.d, [row])).review(row);
  }

  private async presentMany(db: Executor, rows: repo.ReviewRow[], viewerId?: string): Promise<Review[]> {
    const [p, votes] = await Promise.all([
      presenter(db, this.d, rows),
      viewerId
        ? repo.votesBy(
            db,
            viewerId,
            rows.map((r) => r.id),
          )
        : Promise.resolve([]),
    ]);
    const vote = new Map(votes.map((v) => [v.review_id, Number(v.helpful) === 1 ? ('helpful' as const) : ('not_helpful' as const)]));
    return rows.map((r) => ({ ...p.review(r), ...(viewerId ? { myVote: vote.get(r.id) ?? null } : {}) }));
  }

  /** Public reviews of an app, plus the viewer's own review whatever its status (read-your-writes). */
  async listForApp(
    db: Executor,
    bundleId: string,
    q: { sort: repo.ReviewSort; limit: number; offset: number; country?: string; version?: string; rating?: number },
    viewerId?: string,
  ): Promise<{ reviews: Review[]; total: number; mine: Review | null }> {
    const app = await this.liveApp(db, bundleId);
    const filter = { appIds: [app.id], country: q.country, version: q.version, rating: q.rating };
    const [rows, total, own] = await Promise.all([
      repo.listVisible(db, { ...filter, sort: q.sort, limit: q.limit, offset: q.offset }),
      repo.countVisible(db, filter),
      viewerId ? repo.findByAppUser(db, app.id, viewerId) : Promise.resolve(undefined),
    ]);
    const reviews = await this.presentMany(db, rows, viewerId);
    const mine = own && own.deleted_at === null ? await this.present(db, own) : null;
    return { reviews, total, mine };
  }

  async getMine(db: Executor, userId: string, bundleId: string): Promise<Review> {
    const app = await this.liveApp(db, bundleId);
    const row = await repo.findByAppUser(db, app.id, userId);
    if (!row || row.deleted_at) throw new AppError('review_not_found');
    return this.present(db, row);
  }

  /** A review everyone may see, or review_not_found (also for hidden ones: no existence leak). */
  private async visibleReview(db: Executor, reviewId: string): Promise<repo.ReviewRow> {
    const r = await repo.findById(db, reviewId);
    if (!r || r.deleted_at || r.status !== 'approved' || r.held_by) throw new AppError('review_not_found');
    return r;
  }

  /** Deletes the author's own review (kept as a soft-deleted row with its history). */
  async remove(db: Db, userId: string, reviewId: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      const r = await repo.findById(trx, reviewId);
      if (!r || r.user_id !== userId || r.deleted_at) throw new AppError('review_not_found');
      await repo.updateReview(trx, r.id, { deleted_at: this.now() });
      await this.d.bus.emit(trx, {
        type: 'review.deleted',
        aggregateId: r.app_id,
        payload: { reviewId: r.id, appId: r.app_id, userId, revision: Number(r.revision) },
      });
    });
  }

  /** Records (or changes, or with `helpful` null withdraws) the user's helpful vote. */
  async vote(db: Db, userId: string, reviewId: string, helpful: boolean | null) {
    return inTransaction(db, async (trx) => {
      const r = await this.visibleReview(trx, reviewId);
      if (r.user_id === userId) throw new AppError('cannot_vote_own_review');
      if (helpful === null) await repo.deleteVote(trx, reviewId, userId);
      else await repo.upsertVote(trx, reviewId, userId, helpful, this.now());
      const c = await repo.voteCounts(trx, reviewId);
      await repo.updateReview(trx, reviewId, {
        helpful_count: c.helpful,
        unhelpful_count: c.unhelpful,
        helpfulness: wilsonLowerBound(c.helpful, c.helpful + c.unhelpful),
      });
      const myVote = helpful === null ? null : helpful ? ('helpful' as const) : ('not_helpful' as const);
      return { helpfulCount: c.helpful, unhelpfulCount: c.unhelpful, myVote };
    });
  }

  /** Reports a review for moderation, once per user; enough reports queue it (integrity module). */
  async report(db: Db, userId: string, reviewId: string, reason: string, note: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      const r = await this.visibleReview(trx, reviewId);
      if (r.user_id === userId) throw new AppError('cannot_report_own_review');
      if (!(await repo.insertReport(trx, { review_id: reviewId, user_id: userId, reason, note, created_at: this.now() }))) return;
      const reports = Number(r.report_count) + 1;
      await repo.updateReview(trx, reviewId, { report_count: reports });
      await this.d.bus.emit(trx, {
        type: 'review.reported',
        aggregateId: r.app_id,
        payload: { reviewId, appId: r.app_id, reporterId: userId, reason, reports },
      });
    });
  }

  /** Every revision of a review, newest first: for its author and moderators. */
  async history(db: Executor, reviewId: string, viewer: { id: string; isModerator: boolean }) {
    const r = await repo.findById(db, reviewId);
    if (!r || (r.user_id !== viewer.id && !viewer.isModerator)) throw new AppError('review_not_found');
    return (await repo.revisionsOf(db, reviewId)).map((v) => ({
      revision: Number(v.revision),
      rating: Number(v.rating),
      title: v.title,
      body: v.body,
      appVersion: v.app_version,
      country: v.country,
      createdAt: v.created_at,
    }));
  }

  // ---- for the integrity module -------------------------------------------------------------

  /** The raw review (any status) for scoring and moderation. */
  async getRow(db: Executor, reviewId: string) {
    return repo.findById(db, reviewId);
  }

  /** Reviews with what moderators need (author id, hold, reports), in the order asked. */
  async moderationViews(db: Executor, ids: string[]): Promise<ModerationReview[]> {
    const rows = await repo.findByIds(db, ids);
    const p = await presenter(db, this.d, rows);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [p.moderation(r)] : [];
    });
  }

  async reportsOf(db: Executor, reviewId: string) {
    return (await repo.reportsOf(db, reviewId)).map((r) => ({ reason: r.reason, note: r.note, createdAt: r.created_at }));
  }

  /** Reviews the user wrote or edited since `since` (the velocity signal). */
  async authorActivity(db: Executor, userId: string, since: string): Promise<number> {
    return repo.countUserReviewsSince(db, userId, since);
  }

  /** An app's reviews submitted in [from, to), optionally only some star ratings. */
  async appActivity(db: Executor, appId: string, from: string, to: string, ratings?: number[]): Promise<number> {
    return repo.countAppReviews(db, appId, from, to, ratings);
  }

  /**
   * Sets a review's moderation status. With `revision`, only if the review was not edited since
   * (an automated decision about old text must not overwrite a newer submission). Returns
   * whether it changed.
   */
  async setStatus(trx: Executor, reviewId: string, status: ReviewStatus, opts: { revision?: number } = {}): Promise<boolean> {
    const r = await repo.findById(trx, reviewId);
    if (!r || r.deleted_at) return false;
    if (opts.revision !== undefined && Number(r.revision) !== opts.revision) return false;
    if (r.status === status) return false;
    await repo.updateReview(trx, reviewId, { status });
    await this.d.bus.emit(trx, {
      type: 'review.status_changed',
      aggregateId: r.app_id,
      payload: { reviewId, appId: r.app_id, userId: r.user_id, revision: Number(r.revision), status, previous: r.status },
    });
    return true;
  }

  /** Holds one review out of the rating for an incident. */
  async holdOne(trx: Executor, reviewId: string, incidentId: string): Promise<void> {
    const r = await repo.findById(trx, reviewId);
    if (!r || r.held_by === incidentId) return;
    await repo.updateReview(trx, reviewId, { held_by: incidentId });
    await this.d.bus.emit(trx, { type: 'ratings.changed', aggregateId: r.app_id, payload: { appId: r.app_id } });
  }

  /** Holds an app's reviews with these star ratings submitted since `since`; returns their ids. */
  async holdBurst(trx: Executor, appId: string, incidentId: string, since: string, ratings: number[]): Promise<string[]> {
    const rows = await repo.holdReviews(trx, appId, incidentId, since, ratings);
    await this.d.bus.emit(trx, { type: 'ratings.changed', aggregateId: appId, payload: { appId } });
    return rows.map((r) => r.id);
  }

  /** Lifts an incident's hold; returns the reviews it held. */
  async releaseHold(trx: Executor, incidentId: string): Promise<Array<{ id: string; appId: string }>> {
    const rows = await repo.releaseHeld(trx, incidentId);
    for (const appId of new Set(rows.map((r) => r.app_id)))
      await this.d.bus.emit(trx, { type: 'ratings.changed', aggregateId: appId, payload: { appId } });
    return rows.map((r) => ({ id: r.id, appId: r.app_id }));
  }

  async countHeld(db: Executor, incidentId: string): Promise<number> {
    return repo.countHeld(db, incidentId);
  }
}
