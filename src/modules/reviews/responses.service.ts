/**
 * Developer responses (one public response per review, editable; the reviewer is notified
 * through the review.responded event) and the developer's review inbox across their apps.
 */
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import { type DeveloperResponse, presenter, type Review, toResponse } from './present.js';
import * as repo from './reviews.repository.js';

export interface InboxQuery {
  bundleId?: string;
  rating?: number;
  country?: string;
  version?: string;
  unanswered?: boolean;
  sort: repo.ReviewSort;
  limit: number;
  offset: number;
}

export class ResponsesService {
  constructor(private readonly d: { clock: Clock; bus: EventBus; catalog: CatalogService; accounts: AccountsService }) {}

  /** The review, if it is visible and belongs to one of the developer's apps; else review_not_found. */
  private async ownedReview(db: Executor, developerId: string, reviewId: string) {
    const r = await repo.findById(db, reviewId);
    if (!r || r.deleted_at || r.status !== 'approved') throw new AppError('review_not_found');
    const [app] = await this.d.catalog.appsByIds(db, [r.app_id]);
    if (!app || app.developer_id !== developerId) throw new AppError('review_not_found');
    return { review: r, app };
  }

  /** Creates or edits the developer's response; `created` tells 201 from 200. */
  async respond(db: Db, developerId: string, reviewId: string, body: string): Promise<{ response: DeveloperResponse; created: boolean }> {
    return inTransaction(db, async (trx) => {
      const { review, app } = await this.ownedReview(trx, developerId, reviewId);
      const now = this.d.clock.now().toISOString();
      const existing = await repo.findResponse(trx, reviewId);
      await repo.upsertResponse(trx, {
        review_id: reviewId,
        developer_id: developerId,
        body,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
      await this.d.bus.emit(trx, {
        type: 'review.responded',
        aggregateId: review.app_id,
        payload: { reviewId, appId: app.id, bundleId: app.bundle_id, userId: review.user_id, developerId, edited: existing !== undefined },
      });
      return { response: toResponse(await repo.findResponse(trx, reviewId)) as DeveloperResponse, created: !existing };
    });
  }

  async removeResponse(db: Db, developerId: string, reviewId: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      await this.ownedReview(trx, developerId, reviewId);
      const r = await repo.deleteResponse(trx, reviewId);
      if (Number(r.numDeletedRows) === 0) throw new AppError('review_not_found', 'This review has no response');
    });
  }

  /** Reviews of the developer's apps with filters (rating, country, version, unanswered). */
  async inbox(db: Executor, developerId: string, q: InboxQuery): Promise<{ reviews: Review[]; total: number }> {
    let appIds = await this.d.catalog.appIdsOfDeveloper(db, developerId);
    if (q.bundleId) {
      const id = await this.d.catalog.appIdForBundle(db, q.bundleId);
      if (!id || !appIds.includes(id)) throw new AppError('app_not_found');
      appIds = [id];
    }
    const filter = { appIds, rating: q.rating, country: q.country, version: q.version, unanswered: q.unanswered };
    const [rows, total] = await Promise.all([
      repo.listVisible(db, { ...filter, sort: q.sort, limit: q.limit, offset: q.offset }),
      repo.countVisible(db, filter),
    ]);
    const p = await presenter(db, this.d, rows);
    return { reviews: rows.map(p.review), total };
  }
}
