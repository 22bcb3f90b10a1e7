/**
 * Recommendations: a training job precomputes every app's nearest neighbours (co-downloads
 * blended with content, see model.ts); serving looks them up for the user's recent apps and
 * assembles "Because you downloaded X", "Apps you might like" and "Popular in <category>".
 */
import { LRUCache } from 'lru-cache';
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Cache } from '../../platform/cache.js';
import { type Clock, isoNow } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { AnalyticsService } from '../analytics/analytics.service.js';
import type { AppSummary, CatalogService } from '../catalog/catalog.service.js';
import { categorySlug } from '../catalog/categories.js';
import type { ChartsService } from '../charts/charts.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import { assemble, buildNeighbors, type Candidate, defaultNeighborOptions, fromLists, type ItemInput } from './model.js';
import * as repo from './recommendations.repository.js';

export interface RecommendationsDeps {
  clock: Clock;
  cache: Cache;
  log: Logger;
  catalog: CatalogService;
  analytics: AnalyticsService;
  charts: ChartsService;
  entitlements: EntitlementsService;
  neighbors: number;
}

export interface Section {
  type: 'because_you_downloaded' | 'you_might_like' | 'popular_in_category' | 'popular';
  reason: string;
  apps: AppSummary[];
}

export interface TrainSummary {
  runId: string;
  users: number;
  apps: number;
  interactions: number;
  durationMs: number;
}

/** Rating quality in [0, 1] (Bayesian mean with a light prior, over 5). */
const quality = (a: AppSummary) => (20 * 3.5 + a.ratingAverage * a.ratingCount) / (20 + a.ratingCount) / 5;

export class RecommendationsService {
  private training: Promise<TrainSummary> | undefined;
  /**
   * Serving caches (process-local, eventual): neighbour lists change only when training runs,
   * app summaries within a minute is fresh enough for recommendations.
   */
  private readonly nbCache = new LRUCache<string, Array<{ id: string; sim: number }>>({ max: 200_000, ttl: 10 * 60_000 });
  private readonly appCache = new LRUCache<string, AppSummary>({ max: 100_000, ttl: 60_000 });
  /** A user's page for half a minute (repeat visits and retries are a lookup). */
  private readonly pageCache = new LRUCache<string, Section[]>({ max: 50_000, ttl: 30_000 });

  constructor(private readonly d: RecommendationsDeps) {}

  /** Rebuilds every app's neighbours from all downloads and the catalog text. */
  async train(db: Db): Promise<TrainSummary> {
    if (!this.training)
      this.training = this.doTrain(db).finally(() => {
        this.training = undefined;
      });
    return this.training;
  }

  private async doTrain(db: Db): Promise<TrainSummary> {
    const t0 = performance.now();
    const ids: string[] = [];
    const index = new Map<string, number>();
    const items: ItemInput[] = [];
    for (let after = ''; ; ) {
      const rows = await this.d.catalog.scan(db, after, 5000);
      if (rows.length === 0) break;
      after = (rows[rows.length - 1] as { id: string }).id;
      for (const r of rows) {
        if (r.status !== 'live') continue;
        index.set(r.id, ids.length);
        ids.push(r.id);
        let keywords: string[] = [];
        try {
          keywords = JSON.parse(r.keywords) as string[];
        } catch {}
        items.push({ category: r.category, developerId: r.developer_id, name: r.name, keywords, description: r.description });
      }
    }
    // per user, apps ordered by the day they got them (most recent last)
    const lists: number[][] = [];
    let interactions = 0;
    let cur: string | null = null;
    let acc: Array<[number, string]> = [];
    const flush = () => {
      if (acc.length) lists.push(acc.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([i]) => i));
      acc = [];
    };
    for (let after: { user: string; app: string; day: string } | null = null; ; ) {
      const rows = await this.d.analytics.interactionsPage(db, after, 20_000);
      if (rows.length === 0) break;
      const last = rows[rows.length - 1] as { user_id: string; app_id: string; day: string };
      after = { user: last.user_id, app: last.app_id, day: last.day };
      for (const r of rows) {
        if (r.user_id !== cur) {
          flush();
          cur = r.user_id;
        }
        const i = index.get(r.app_id);
        if (i === undefined) continue;
        const prev = acc[acc.length - 1];
        if (prev && prev[0] === i) prev[1] = r.day;
        else {
          acc.push([i, r.day]);
          interactions++;
        }
      }
    }
    flush();
    const nb = buildNeighbors(items, fromLists(items.length, lists), { ...defaultNeighborOptions, k: this.d.neighbors });
    const rows: Array<{ app_id: string; rank: number; neighbor_id: string; similarity: number }> = [];
    for (let i = 0; i < ids.length; i++)
      for (let p = nb.off[i] as number, rank = 1; p < (nb.off[i + 1] as number); p++, rank++)
        rows.push({
          app_id: ids[i] as string,
          rank,
          neighbor_id: ids[nb.idx[p] as number] as string,
          similarity: Math.round((nb.sim[p] as number) * 1e5) / 1e5,
        });
    const runId = newId();
    const durationMs = Math.round(performance.now() - t0);
    await inTransaction(db, async (trx) => {
      await repo.replaceNeighbors(trx, rows);
      await repo.addRun(trx, {
        id: runId,
        trained_at: isoNow(this.d.clock),
        users: lists.length,
        apps: ids.length,
        interactions,
        duration_ms: durationMs,
      });
    });
    this.nbCache.clear();
    this.pageCache.clear();
    const summary = { runId, users: lists.length, apps: ids.length, interactions, durationMs };
    this.d.log.info(summary, 'recommendations trained');
    return summary;
  }

  private async neighbors(db: Executor, appIds: string[]): Promise<Map<string, Array<{ id: string; sim: number }>>> {
    const out = new Map<string, Array<{ id: string; sim: number }>>();
    const missing: string[] = [];
    for (const id of appIds) {
      const hit = this.nbCache.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    for (const id of missing) out.set(id, []);
    for (const r of await repo.neighborsOf(db, missing)) out.get(r.app_id)?.push({ id: r.neighbor_id, sim: Number(r.similarity) });
    for (const id of missing) this.nbCache.set(id, out.get(id) ?? []);
    return out;
  }

  private async summaries(db: Executor, ids: string[], into: Map<string, AppSummary>) {
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (into.has(id)) continue;
      const hit = this.appCache.get(id);
      if (hit) into.set(id, hit);
      else missing.push(id);
    }
    if (missing.length)
      for (const a of await this.d.catalog.summariesByIds(db, missing)) {
        into.set(a.id, a);
        this.appCache.set(a.id, a);
      }
  }

  /** The recommendation sections of a user's home page (cached per process for 30 s). */
  async forUser(db: Executor, user: { id: string; country: string }): Promise<Section[]> {
    const key = `${user.id}|${user.country}`;
    const hit = this.pageCache.get(key);
    if (hit) return hit;
    const page = await this.build(db, user);
    this.pageCache.set(key, page);
    return page;
  }

  private async build(db: Executor, user: { id: string; country: string }): Promise<Section[]> {
    const history = (await this.d.analytics.userHistory(db, user.id, 30)).map((h) => h.app_id);
    const owned = new Set((await this.d.entitlements.listForUser(db, user.id, 1000)).map((e) => e.appId));
    const apps = new Map<string, AppSummary>();
    const popularIds = async (category?: string) =>
      this.d.charts.topAppIds(db, { type: 'free', country: user.country, category: category ? categorySlug(category) : undefined }, 40);
    if (history.length === 0) {
      const ids = (await popularIds()).filter((id) => !owned.has(id));
      await this.summaries(db, ids, apps);
      const list = ids.flatMap((id) => {
        const a = apps.get(id);
        return a && a.status === 'live' ? [a] : [];
      });
      return list.length ? [{ type: 'popular', reason: 'Popular right now', apps: list.slice(0, 10) }] : [];
    }
    const nbs = await this.neighbors(db, history.slice(0, 50));
    // what the page may show: the neighbours of the 3 most recent apps and the strongest CF candidates
    const cf = new Map<string, number>();
    history.forEach((h, pos) => {
      for (const nb of nbs.get(h) ?? []) cf.set(nb.id, (cf.get(nb.id) ?? 0) + nb.sim / (1 + 0.1 * pos));
    });
    const cfTop = [...cf.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 80)
      .map(([id]) => id);
    await this.summaries(db, [...history, ...history.slice(0, 3).flatMap((h) => (nbs.get(h) ?? []).map((x) => x.id)), ...cfTop], apps);
    const catCount = new Map<string, number>();
    for (const h of history) {
      const c = apps.get(h)?.category;
      if (c) catCount.set(c, (catCount.get(c) ?? 0) + 1);
    }
    const topCats = [...catCount.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([c]) => c);
    const popular = new Map<string, string[]>();
    for (const c of topCats) popular.set(c, await popularIds(c));
    await this.summaries(db, [...popular.values()].flat(), apps);
    const meta = (id: string): Candidate | undefined => {
      const a = apps.get(id);
      return a && a.status === 'live' ? { id, developerId: a.developerId, category: a.category, quality: quality(a) } : undefined;
    };
    const plan = assemble({
      history,
      owned,
      neighbors: (id) => nbs.get(id) ?? [],
      meta,
      popular: (c) => popular.get(c) ?? [],
      names: (id) => apps.get(id)?.name ?? 'an app',
    });
    return plan.map((s) => ({ type: s.type, reason: s.reason, apps: s.ids.map((id) => apps.get(id) as AppSummary) }));
  }

  /** "You might also like" on an app's page: its nearest neighbours, re-ranked with quality. */
  async similar(db: Executor, bundleId: string, limit = 10): Promise<AppSummary[]> {
    const cacheKey = `recs:similar:${bundleId}:${limit}`;
    const hit = await this.d.cache.get<AppSummary[]>(cacheKey);
    if (hit) return hit;
    const app = await this.d.catalog.getApp(db, bundleId);
    const nbs = (await this.neighbors(db, [app.id])).get(app.id) ?? [];
    const apps = new Map<string, AppSummary>();
    await this.summaries(
      db,
      nbs.map((x) => x.id),
      apps,
    );
    const maxSim = nbs.reduce((m, x) => Math.max(m, x.sim), 0) || 1;
    const perDev = new Map<string, number>();
    const out: AppSummary[] = [];
    for (const x of nbs
      .map((x) => ({ a: apps.get(x.id), s: 0.6 * (x.sim / maxSim) + 0.4 * (apps.get(x.id) ? quality(apps.get(x.id) as AppSummary) : 0) }))
      .sort((p, q) => q.s - p.s)) {
      if (x.a?.status !== 'live' || out.length >= limit) continue;
      const c = perDev.get(x.a.developerId) ?? 0;
      if (c >= 2) continue;
      perDev.set(x.a.developerId, c + 1);
      out.push(x.a);
    }
    await this.d.cache.set(cacheKey, out, 5 * 60_000);
    return out;
  }
}
