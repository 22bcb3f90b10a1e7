/**
 * Rating summaries per app, per country and per version over approved reviews that no incident
 * holds. They are recomputed from the reviews (idempotent, so at-least-once delivery is safe)
 * by a durable consumer after every change, and the public one is pushed to the catalog.
 * The ranking-facing figure is a Bayesian average: (C·m + Σratings) / (C + n), with C from
 * config and m the catalog-wide mean, so a handful of early 5-star ratings cannot top a chart.
 */
import type { Config } from '../../config.js';
import type { Db, Executor, Tx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Cache } from '../../platform/cache.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import * as ratingsRepo from './ratings.repository.js';
import * as repo from './reviews.repository.js';
import type { RatingSummariesTable, SummaryScope } from './reviews.tables.js';

export type Histogram = [number, number, number, number, number];

export interface RatingSummary {
  scope: SummaryScope;
  key: string | null;
  count: number;
  average: number;
  histogram: Histogram;
  /** Ranking-facing Bayesian average. */
  bayesianAverage: number;
  prior: { mean: number; confidence: number };
  updatedAt: string | null;
}

const PRIOR_CACHE_KEY = 'reviews:rating-prior';
const round2 = (n: number) => Math.round(n * 100) / 100;

export class RatingsService {
  constructor(private readonly d: { config: Config['reviews']; clock: Clock; bus: EventBus; cache: Cache; catalog: CatalogService }) {}

  /** Rebuilds every summary of one app from its reviews and pushes the public one to the catalog. */
  async recompute(trx: Tx, appId: string): Promise<void> {
    const now = this.d.clock.now().toISOString();
    let state = await ratingsRepo.findState(trx, appId);
    if (!state) {
      // First time: ratings imported with the catalog (no review rows behind them) become a baseline.
      const [app] = await this.d.catalog.appsByIds(trx, [appId]);
      if (!app) return;
      const imported = JSON.parse(app.rating_histogram) as number[];
      const baseline = imported.length === 5 && imported.some((n) => Number(n) > 0) ? JSON.stringify(imported.map(Number)) : null;
      state = { app_id: appId, reset_at: null, reset_version: null, baseline, updated_at: now };
      await ratingsRepo.upsertState(trx, state);
    }
    const groups = await repo.ratingGroups(trx, appId, state.reset_at);
    const buckets = new Map<string, Histogram>();
    const add = (scope: SummaryScope, key: string, rating: number, n: number) => {
      const k = `${scope}\u0000${key}`;
      const h = buckets.get(k) ?? ([0, 0, 0, 0, 0] as Histogram);
      h[rating - 1] = (h[rating - 1] as number) + n;
      buckets.set(k, h);
    };
    const all: Histogram = state.baseline ? (JSON.parse(state.baseline) as Histogram) : [0, 0, 0, 0, 0];
    for (const g of groups) {
      const rating = Number(g.rating);
      const n = Number(g.n);
      add('version', g.app_version, rating, n);
      if (Number(g.fresh) !== 1) continue; // before the developer's reset: only per-version figures keep it
      all[rating - 1] = (all[rating - 1] as number) + n;
      add('country', g.country, rating, n);
    }
    buckets.set('all\u0000', all);
    const rows: RatingSummariesTable[] = [...buckets].map(([k, h]) => {
      const [scope, key] = k.split('\u0000') as [SummaryScope, string];
      const count = h.reduce((s, v) => s + v, 0);
      const total = h.reduce((s, v, i) => s + v * (i + 1), 0);
      return { app_id: appId, scope, scope_key: key, count, total, h1: h[0], h2: h[1], h3: h[2], h4: h[3], h5: h[4], updated_at: now };
    });
    await ratingsRepo.replaceSummaries(trx, appId, rows);
    const count = all.reduce((s, v) => s + v, 0);
    const total = all.reduce((s, v, i) => s + v * (i + 1), 0);
    await this.d.catalog.setRatingSummary(trx, appId, { average: count === 0 ? 0 : total / count, count, histogram: all });
  }

  /** Catalog-wide mean rating (the prior m), cached for ten minutes. */
  async priorMean(db: Executor): Promise<number> {
    const cached = await this.d.cache.get<number>(PRIOR_CACHE_KEY);
    if (cached !== undefined && cached !== null) return cached;
    const t = await ratingsRepo.catalogTotals(db);
    // Until the store has a meaningful number of ratings, the configured default stands in.
    const mean = t.count >= this.d.config.prior.confidence ? t.total / t.count : this.d.config.prior.defaultMean;
    await this.d.cache.set(PRIOR_CACHE_KEY, mean, 600_000);
    return mean;
  }

  bayesian(total: number, count: number, mean: number): number {
    const c = this.d.config.prior.confidence;
    return c + count === 0 ? mean : (c * mean + total) / (c + count);
  }

  private toSummary(scope: SummaryScope, key: string | null, row: RatingSummariesTable | undefined, mean: number): RatingSummary {
    const h: Histogram = row ? ([row.h1, row.h2, row.h3, row.h4, row.h5].map(Number) as Histogram) : [0, 0, 0, 0, 0];
    const count = Number(row?.count ?? 0);
    const total = Number(row?.total ?? 0);
    return {
      scope,
      key,
      count,
      average: count === 0 ? 0 : round2(total / count),
      histogram: h,
      bayesianAverage: round2(this.bayesian(total, count, mean)),
      prior: { mean: round2(mean), confidence: this.d.config.prior.confidence },
      updatedAt: row?.updated_at ?? null,
    };
  }

  /** One summary of an app: overall, or for one country, or for one version. */
  async summary(db: Executor, appId: string, q: { country?: string; version?: string }): Promise<RatingSummary> {
    if (q.country && q.version) throw new AppError('validation_failed', 'Ask for a country or a version, not both');
    const scope: SummaryScope = q.version ? 'version' : q.country ? 'country' : 'all';
    const key = q.version ?? q.country ?? '';
    const [row, mean] = await Promise.all([ratingsRepo.findSummary(db, appId, scope, key), this.priorMean(db)]);
    return this.toSummary(scope, scope === 'all' ? null : key, row, mean);
  }

  /** Every country's and version's summary of an app (developer console). */
  async breakdown(db: Executor, appId: string) {
    const [countries, versions, state, mean] = await Promise.all([
      ratingsRepo.summariesOf(db, appId, 'country'),
      ratingsRepo.summariesOf(db, appId, 'version'),
      ratingsRepo.findState(db, appId),
      this.priorMean(db),
    ]);
    return {
      countries: countries.map((r) => this.toSummary('country', r.scope_key, r, mean)),
      versions: versions.map((r) => this.toSummary('version', r.scope_key, r, mean)),
      reset: state?.reset_at ? { at: state.reset_at, version: state.reset_version } : null,
    };
  }

  /** Ranking-facing averages for many apps at once (charts and search may ask). */
  async bayesianFor(db: Executor, appIds: string[]): Promise<Map<string, { average: number; count: number; bayesian: number }>> {
    const [rows, mean] = await Promise.all([ratingsRepo.summariesForApps(db, appIds), this.priorMean(db)]);
    const out = new Map<string, { average: number; count: number; bayesian: number }>();
    for (const id of appIds) out.set(id, { average: 0, count: 0, bayesian: round2(mean) });
    for (const r of rows) {
      const count = Number(r.count);
      const total = Number(r.total);
      out.set(r.app_id, { average: count ? total / count : 0, count, bayesian: this.bayesian(total, count, mean) });
    }
    return out;
  }

  /**
   * Starts the app's public summary afresh (a developer shipping a version): reviews stay and
   * still count for their own version; the overall and per-country figures count only what is
   * submitted from now on. The imported baseline is dropped too.
   */
  async reset(db: Db, appId: string, version: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      const now = this.d.clock.now().toISOString();
      await ratingsRepo.upsertState(trx, { app_id: appId, reset_at: now, reset_version: version, baseline: null, updated_at: now });
      await this.d.bus.emit(trx, { type: 'ratings.changed', aggregateId: appId, payload: { appId } });
    });
  }
}
