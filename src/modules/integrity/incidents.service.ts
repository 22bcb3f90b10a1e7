/**
 * Review-bombing defence. After each scored review, the app's reviews of the same polarity
 * (1–2 or 4–5 stars) in the last window are compared with its baseline rate over the 30 days
 * before; a burst at least `factor` times the baseline (and at least `minCount`) opens an
 * incident that holds the burst's reviews — and any more that arrive while it is open — out of
 * the rating until a moderator resolves it: release them, or reject them all.
 */
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { type Clock, DAY_MS } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { ReviewsService } from '../reviews/reviews.service.js';
import { writeAudit } from './audit.js';
import * as repo from './incidents.repository.js';
import * as integrityRepo from './integrity.repository.js';
import type { ReviewIncidentsTable } from './integrity.tables.js';
import { recordLabel } from './labels.js';

registerErrors({
  incident_not_found: { status: 404, title: 'No such incident' },
  incident_resolved: { status: 409, title: 'This incident is already resolved' },
});

type Direction = 'negative' | 'positive';
const RATINGS: Record<Direction, number[]> = { negative: [1, 2], positive: [4, 5] };
const BASELINE_DAYS = 30;

export const directionOf = (rating: number): Direction | null => (rating <= 2 ? 'negative' : rating >= 4 ? 'positive' : null);

export interface Incident {
  id: string;
  appId: string;
  bundleId: string;
  direction: Direction;
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

export class IncidentsService {
  constructor(
    private readonly d: {
      config: Config['integrity']['bomb'];
      clock: Clock;
      bus: EventBus;
      reviews: ReviewsService;
      catalog: CatalogService;
    },
  ) {}

  /**
   * Checks the app for a burst after a review was scored. Returns the incident now holding
   * this review, if any.
   */
  async check(trx: Executor, review: { id: string; appId: string; rating: number }): Promise<string | null> {
    const direction = directionOf(review.rating);
    if (!direction) return null;
    const open = await repo.findOpenIncident(trx, review.appId, direction);
    if (open) {
      await this.d.reviews.holdOne(trx, review.id, open.id);
      return open.id;
    }
    const now = this.d.clock.now();
    const windowStart = new Date(now.getTime() - this.d.config.windowMs).toISOString();
    const until = new Date(now.getTime() + 1).toISOString();
    const ratings = RATINGS[direction];
    const observed = await this.d.reviews.appActivity(trx, review.appId, windowStart, until, ratings);
    if (observed < this.d.config.minCount) return null;
    const baselineFrom = new Date(now.getTime() - BASELINE_DAYS * DAY_MS).toISOString();
    const base = await this.d.reviews.appActivity(trx, review.appId, baselineFrom, windowStart, ratings);
    const perHour = base / ((BASELINE_DAYS * DAY_MS - this.d.config.windowMs) / 3_600_000);
    const expected = (perHour * this.d.config.windowMs) / 3_600_000;
    if (observed < this.d.config.factor * expected) return null;
    const id = newId();
    await repo.insertIncident(trx, {
      id,
      app_id: review.appId,
      direction,
      status: 'open',
      window_start: windowStart,
      observed,
      baseline_per_hour: Math.round(perHour * 10_000) / 10_000,
      detected_at: now.toISOString(),
      resolved_at: null,
      resolved_by: null,
      resolution: null,
      note: null,
    });
    await this.d.reviews.holdBurst(trx, review.appId, id, windowStart, ratings);
    await this.d.bus.emit(trx, {
      type: 'review_incident.opened',
      aggregateId: review.appId,
      payload: { incidentId: id, appId: review.appId, direction },
    });
    return id;
  }

  private async present(db: Executor, rows: ReviewIncidentsTable[]): Promise<Incident[]> {
    const apps = await this.d.catalog.appsByIds(db, [...new Set(rows.map((r) => r.app_id))]);
    const bundle = new Map(apps.map((a) => [a.id, a.bundle_id]));
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        appId: r.app_id,
        bundleId: bundle.get(r.app_id) ?? '',
        direction: r.direction,
        status: r.status,
        windowStart: r.window_start,
        observed: Number(r.observed),
        baselinePerHour: Number(r.baseline_per_hour),
        held: await this.d.reviews.countHeld(db, r.id),
        detectedAt: r.detected_at,
        resolvedAt: r.resolved_at,
        resolvedBy: r.resolved_by,
        resolution: r.resolution,
        note: r.note,
      })),
    );
  }

  async list(db: Executor, q: { status?: 'open' | 'resolved'; appId?: string; limit: number; offset: number }): Promise<Incident[]> {
    return this.present(db, await repo.listIncidents(db, q));
  }

  async get(db: Executor, id: string): Promise<Incident> {
    const row = await repo.findIncident(db, id);
    if (!row) throw new AppError('incident_not_found');
    return (await this.present(db, [row]))[0] as Incident;
  }

  /**
   * Resolves an incident: `release` lets the held reviews count again (a real surge of
   * opinion); `reject` rejects them all and records them as fake for the model.
   */
  async resolve(db: Db, moderatorId: string, id: string, resolution: 'release' | 'reject', note: string): Promise<Incident> {
    await inTransaction(db, async (trx) => {
      const row = await repo.findIncident(trx, id);
      if (!row) throw new AppError('incident_not_found');
      if (row.status !== 'open') throw new AppError('incident_resolved');
      const now = this.d.clock.now().toISOString();
      await repo.updateIncident(trx, id, { status: 'resolved', resolved_at: now, resolved_by: moderatorId, resolution, note });
      const held = await this.d.reviews.releaseHold(trx, id);
      if (resolution === 'reject') {
        for (const r of held) {
          await this.d.reviews.setStatus(trx, r.id, 'rejected');
          await integrityRepo.closeQueueItem(trx, r.id, now);
          const review = await this.d.reviews.getRow(trx, r.id);
          if (review) await recordLabel(trx, this.d.clock, review, 'fake', 'incident');
        }
      }
      await writeAudit(trx, this.d.clock, {
        actorId: moderatorId,
        action: `incident.${resolution}`,
        targetType: 'incident',
        targetId: id,
        reason: note,
        details: { reviews: held.length, appId: row.app_id },
      });
      await this.d.bus.emit(trx, {
        type: 'review_incident.resolved',
        aggregateId: row.app_id,
        payload: { incidentId: id, appId: row.app_id, direction: row.direction, resolution },
      });
    });
    return this.get(db, id);
  }
}
