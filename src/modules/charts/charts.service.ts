/**
 * Charts: the ranking job (per country × category and all × free/paid/grossing) with
 * trust-weighted, per-account-capped download velocity, spike holds that open incidents for
 * moderators, and cached reads of the stored lists. The formula is documented in
 * docs/ranking.md; its arithmetic lives in scoring.ts.
 */
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Cache } from '../../platform/cache.js';
import { type Clock, DAY_MS, isoNow, utcDay } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { countryCodes } from '../../platform/storefronts.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AnalyticsService } from '../analytics/analytics.service.js';
import type { AppSummary, CatalogService } from '../catalog/catalog.service.js';
import { categories, categorySlug, parseCategory } from '../catalog/categories.js';
import './charts.events.js';
import * as repo from './charts.repository.js';
import type { IncidentStatus } from './charts.tables.js';
import {
  type ChartWeights,
  clusterFactor,
  decay,
  detectSpike,
  engagementScore,
  freshness,
  ratingQuality,
  TopK,
  trustScore,
} from './scoring.js';

registerErrors({
  unknown_chart: { status: 400, title: 'Unknown chart type, country or category' },
  chart_incident_not_found: { status: 404, title: 'No such chart incident' },
  chart_incident_resolved: { status: 409, title: 'The chart incident is already resolved' },
});

export const CHART_TYPES = ['free', 'paid', 'grossing'] as const;
export type ChartType = (typeof CHART_TYPES)[number];
export type Movement = 'new' | 'up' | 'down' | 'same';

export interface ChartsConfig {
  weights: ChartWeights;
  /** Share of revenue in the grossing chart's score (the rest is the usual formula). */
  grossingRevenueWeight: number;
  size: number;
  windowDays: number;
  spikeZ: number;
  spikeMinCount: number;
  clusterMinSize: number;
  historyDays: number;
  prior: { confidence: number; defaultMean: number };
}

export interface ChartsDeps {
  clock: Clock;
  bus: EventBus;
  cache: Cache;
  log: Logger;
  accounts: AccountsService;
  catalog: CatalogService;
  analytics: AnalyticsService;
  config: ChartsConfig;
}

export interface ChartEntry {
  rank: number;
  previousRank: number | null;
  movement: Movement;
  score: number;
  app: AppSummary;
}

export interface RunSummary {
  runId: string;
  apps: number;
  lists: number;
  entries: number;
  incidentsOpened: number;
  durationMs: number;
  phasesMs: Record<string, number>;
}

const ALL = 'all';
export const chartKey = (type: string, country: string, category: string) => `${type}:${country}:${category}`;
const movementOf = (rank: number, prev: number | null): Movement =>
  prev === null ? 'new' : prev > rank ? 'up' : prev < rank ? 'down' : 'same';
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Parses and checks chart coordinates; unknown ones are a 400. */
export function parseChart(q: { type: string; country: string; category?: string }): {
  type: ChartType;
  country: string;
  category: string;
} {
  const type = q.type as ChartType;
  if (!CHART_TYPES.includes(type)) throw new AppError('unknown_chart', `Unknown chart type "${q.type}"`, { allowed: CHART_TYPES });
  const country = q.country.toUpperCase();
  if (!countryCodes.includes(country)) throw new AppError('unknown_chart', `Unknown country "${q.country}"`);
  let category = ALL;
  if (q.category && q.category !== ALL) {
    const c = parseCategory(q.category);
    if (!c) throw new AppError('unknown_chart', `Unknown category "${q.category}"`, { allowed: categories });
    category = categorySlug(c);
  }
  return { type, country, category };
}

export class ChartsService {
  private running: Promise<RunSummary> | undefined;
  private latest: { id: string | null; computedAt: string | null; until: number } | undefined;

  constructor(private readonly d: ChartsDeps) {}

  /** Runs the ranking job once (concurrent callers in this process share one run). */
  async compute(db: Db): Promise<RunSummary> {
    if (!this.running)
      this.running = this.run(db).finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async run(db: Db): Promise<RunSummary> {
    const t0 = performance.now();
    const phases: Record<string, number> = {};
    let mark = t0;
    const phase = (name: string) => {
      const now = performance.now();
      phases[name] = Math.round(now - mark);
      mark = now;
    };
    const cfg = this.d.config;
    const now = this.d.clock.now();
    const today = utcDay(now);
    const todayN = dayNumber(today);
    const from = utcDay(new Date(now.getTime() - (cfg.windowDays - 1) * DAY_MS));
    const runId = newId();
    await repo.startRun(db, runId, isoNow(this.d.clock));

    // 1. the live catalog, as columns
    const appIds: string[] = [];
    const appIndex = new Map<string, number>();
    const cat: number[] = [];
    const paid: number[] = [];
    const fresh: number[] = [];
    const availability: Array<Set<string> | null> = [];
    const catalogRating: Array<[number, number]> = [];
    const slugs = categories.map((c) => categorySlug(c));
    const catIndex = new Map<string, number>(categories.map((c, i) => [c, i]));
    let ratingSum = 0;
    let ratingN = 0;
    for (let after = ''; ; ) {
      const rows = await this.d.catalog.scanForRanking(db, after, 20_000);
      if (rows.length === 0) break;
      after = (rows[rows.length - 1] as { id: string }).id;
      for (const r of rows) {
        const i = appIds.length;
        appIds.push(r.id);
        appIndex.set(r.id, i);
        cat.push(catIndex.get(r.category) ?? -1);
        paid.push(Number(r.price_minor) > 0 ? 1 : 0);
        const released = Math.floor(new Date(r.released_at).getTime() / DAY_MS);
        const updated = Math.floor(new Date(r.updated_at).getTime() / DAY_MS);
        fresh.push(freshness(todayN - released, todayN - updated));
        availability.push(r.availability ? new Set(JSON.parse(r.availability) as string[]) : null);
        const avg = Number(r.rating_average);
        const cnt = Number(r.rating_count);
        catalogRating.push([avg, cnt]);
        if (cnt > 0) {
          ratingSum += avg * cnt;
          ratingN += cnt;
        }
      }
    }
    const n = appIds.length;
    phase('catalog');

    // 2. download facts of the window: per (user, app) the most recent day (one account counts once per app)
    const countryIdx = new Map<string, number>(countryCodes.map((c, i) => [c, i]));
    const factUser: number[] = [];
    const factApp: number[] = [];
    const factDay: number[] = [];
    const factCountry: number[] = [];
    const userIndex = new Map<string, number>();
    const userIds: string[] = [];
    const rawDaily = new Map<number, Map<number, number>>(); // app → day → raw count
    const userDayCount = new Map<number, number>(); // user * 1024 + day offset → downloads
    // app ids are sorted (catalog scan order): read the facts of consecutive id ranges
    for (let lo = 0; lo < appIds.length; lo += 2000) {
      const hi = Math.min(appIds.length, lo + 2000) - 1;
      const rows = await this.d.analytics.downloadFactsOfRange(db, from, appIds[lo] as string, appIds[hi] as string);
      for (const r of rows) {
        const a = appIndex.get(r.app_id);
        if (a === undefined) continue;
        let u = userIndex.get(r.user_id);
        if (u === undefined) {
          u = userIds.length;
          userIds.push(r.user_id);
          userIndex.set(r.user_id, u);
        }
        const day = dayNumber(r.day);
        let perDay = rawDaily.get(a);
        if (!perDay) {
          perDay = new Map();
          rawDaily.set(a, perDay);
        }
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
        const udKey = u * 1024 + (todayN - day);
        userDayCount.set(udKey, (userDayCount.get(udKey) ?? 0) + 1);
        // facts arrive ordered by (app, user, day): a later row of the same pair replaces the earlier
        const k = factUser.length - 1;
        if (k >= 0 && factUser[k] === u && factApp[k] === a) {
          factDay[k] = day;
          factCountry[k] = countryIdx.get(r.country) ?? -1;
        } else {
          factUser.push(u);
          factApp.push(a);
          factDay.push(day);
          factCountry.push(countryIdx.get(r.country) ?? -1);
        }
      }
    }
    phase('downloads');

    // 3. trust of every contributing account
    const meta = await this.d.accounts.getUsersMeta(db, userIds);
    const paying = await this.d.analytics.payingUsers(db, userIds);
    const sharing = await this.d.analytics.fingerprintSharing(db, userIds);
    const distinct = new Uint32Array(userIds.length);
    for (const u of factUser) distinct[u] = (distinct[u] as number) + 1;
    // the busiest day of each account (all its downloads, not only the latest per app)
    const maxPerDay = new Uint32Array(userIds.length);
    for (const [key, c] of userDayCount) {
      const u = Math.floor(key / 1024);
      if (c > (maxPerDay[u] as number)) maxPerDay[u] = c;
    }
    const trust = new Float64Array(userIds.length);
    const createdHour = new Float64Array(userIds.length);
    const young = new Uint8Array(userIds.length);
    userIds.forEach((id, u) => {
      const m = meta.get(id);
      const created = m ? new Date(m.createdAt).getTime() : now.getTime();
      const ageDays = (now.getTime() - created) / DAY_MS;
      createdHour[u] = Math.floor(created / 3_600_000);
      young[u] = ageDays < 30 ? 1 : 0;
      trust[u] = trustScore({
        ageDays,
        paid: paying.has(id),
        distinctApps: distinct[u] as number,
        maxPerDay: maxPerDay[u] as number,
        fingerprintShare: sharing.get(id) ?? 1,
      });
    });
    // clusters: young accounts created in the same hour downloading the same app
    const clusterSize = new Map<string, number>();
    for (let k = 0; k < factUser.length; k++) {
      const u = factUser[k] as number;
      if (!young[u]) continue;
      const key = `${factApp[k]}|${createdHour[u]}`;
      clusterSize.set(key, (clusterSize.get(key) ?? 0) + 1);
    }
    phase('trust');

    // 4. spikes: today's and yesterday's raw counts against the app's own history
    const incidents = await repo.incidentsInWindow(db, from);
    const holdFactor = new Map<string, number>(); // `${app}|${day}` → share that counts
    for (const inc of incidents) {
      const a = appIndex.get(inc.app_id);
      if (a === undefined || inc.status === 'released') continue;
      holdFactor.set(`${a}|${dayNumber(inc.day)}`, inc.held);
    }
    let incidentsOpened = 0;
    const opened: Array<{ id: string; appId: string; day: string; held: number }> = [];
    for (const [a, perDay] of rawDaily) {
      for (const d of [todayN, todayN - 1]) {
        const count = perDay.get(d) ?? 0;
        if (count < cfg.spikeMinCount) continue;
        // the app's own history: the days before `d` since its first download in the window
        const history: number[] = [];
        for (let h = d - cfg.windowDays + 1; h < d; h++) {
          const x = perDay.get(h) ?? 0;
          if (history.length > 0 || x > 0) history.push(x);
        }
        const spike = detectSpike(history, count, { z: cfg.spikeZ, minCount: cfg.spikeMinCount });
        if (!spike) continue;
        const day = utcDay(new Date(d * DAY_MS));
        const key = `${a}|${d}`;
        const existing = incidents.find((i) => i.app_id === appIds[a] && i.day === day);
        if (existing) {
          if (existing.status === 'open' && existing.observed < count) {
            await repo.growIncident(db, existing.app_id, day, count, spike.threshold, spike.held, spike.z);
            holdFactor.set(key, spike.held);
          }
          continue;
        }
        const id = newId();
        const created = await inTransaction(db, async (trx) => {
          const ok = await repo.openIncident(trx, {
            id,
            app_id: appIds[a] as string,
            day,
            observed: count,
            baseline: spike.baseline,
            threshold: spike.threshold,
            held: spike.held,
            z_score: spike.z,
            opened_at: isoNow(this.d.clock),
          });
          if (ok)
            await this.d.bus.emit(trx, {
              type: 'chart_incident.opened',
              aggregateId: appIds[a] as string,
              payload: { incidentId: id, appId: appIds[a] as string, day, held: spike.held },
            });
          return ok;
        });
        if (created) {
          incidentsOpened++;
          opened.push({ id, appId: appIds[a] as string, day, held: spike.held });
        }
        holdFactor.set(key, spike.held);
      }
    }
    // held downloads: the share of a day's downloads that counts is (observed − held) / observed
    const countsShare = new Map<string, number>();
    for (const [key, held] of holdFactor) {
      const [a, d] = key.split('|').map(Number) as [number, number];
      const observed = rawDaily.get(a)?.get(d) ?? 0;
      countsShare.set(key, observed > 0 ? Math.max(0, (observed - held) / observed) : 1);
    }
    phase('spikes');

    // 5. velocity per (country, app): Σ trust · cluster · hold · decay
    const nCountries = countryCodes.length;
    const velocity = new Map<number, number>(); // country * n + app
    for (let k = 0; k < factUser.length; k++) {
      const c = factCountry[k] as number;
      if (c < 0) continue;
      const u = factUser[k] as number;
      const a = factApp[k] as number;
      const d = factDay[k] as number;
      let w = trust[u] as number;
      if (young[u]) w *= clusterFactor(clusterSize.get(`${a}|${createdHour[u]}`) ?? 1, cfg.clusterMinSize);
      const share = countsShare.get(`${a}|${d}`);
      if (share !== undefined) w *= share;
      const key = c * n + a;
      velocity.set(key, (velocity.get(key) ?? 0) + w * decay(todayN - d));
    }
    phase('velocity');

    // 6. rating quality (trust-weighted where we know the raters), engagement, revenue
    const catalogMean = ratingN > 0 ? ratingSum / ratingN : cfg.prior.defaultMean;
    const prior = { mean: catalogMean, confidence: cfg.prior.confidence };
    const rating = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [avg, cnt] = catalogRating[i] as [number, number];
      rating[i] = ratingQuality(avg * cnt, cnt, prior);
    }
    const weighted = new Map<number, [number, number]>();
    const raters = await this.d.analytics.ratingFacts(db);
    const raterIds = raters.map((r) => r.user_id).filter((id) => !userIndex.has(id));
    const raterMeta = raterIds.length ? await this.d.accounts.getUsersMeta(db, raterIds) : new Map();
    for (const r of raters) {
      const a = appIndex.get(r.app_id);
      if (a === undefined) continue;
      const u = userIndex.get(r.user_id);
      let w: number;
      if (u !== undefined)
        w = (trust[u] as number) * (young[u] ? clusterFactor(clusterSize.get(`${a}|${createdHour[u]}`) ?? 1, cfg.clusterMinSize) : 1);
      else {
        const m = raterMeta.get(r.user_id);
        const age = m ? (now.getTime() - new Date(m.createdAt).getTime()) / DAY_MS : 0;
        w = trustScore({ ageDays: age, paid: false, distinctApps: 0, maxPerDay: 0, fingerprintShare: 1 });
      }
      const cur = weighted.get(a) ?? [0, 0];
      cur[0] += w * Number(r.rating);
      cur[1] += w;
      weighted.set(a, cur);
    }
    for (const [a, [sum, cnt]] of weighted) rating[a] = ratingQuality(sum, cnt, prior);

    const engagement = new Float64Array(n);
    for (const e of await this.d.analytics.engagementSince(db, utcDay(new Date(now.getTime() - 6 * DAY_MS)))) {
      const a = appIndex.get(e.app_id);
      if (a === undefined) continue;
      const sessions = Number(e.sessions);
      const minutes = sessions > 0 ? Number(e.seconds) / sessions / 60 : 0;
      const cohort = Number(e.cohort);
      engagement[a] = engagementScore(Number(e.stickiness), minutes, cohort > 0 ? Number(e.d7) / cohort : 0);
    }
    const revenue = new Map<number, number>(); // country * n + app, decayed like downloads
    for (const r of await this.d.analytics.revenueSince(db, from)) {
      const a = appIndex.get(r.app_id);
      const c = countryIdx.get(r.country);
      if (a === undefined || c === undefined) continue;
      const key = c * n + a;
      revenue.set(key, (revenue.get(key) ?? 0) + Math.max(0, Number(r.amount_minor)) * decay(todayN - dayNumber(r.day)));
    }
    phase('signals');

    // 7. scores and lists. The country-independent part is the same for every country, so apps
    //    without downloads or revenue in a country are ranked once (per category) and merged.
    const w = cfg.weights;
    const base = new Float64Array(n);
    for (let i = 0; i < n; i++)
      base[i] = w.rating * (rating[i] as number) + w.engagement * (engagement[i] as number) + w.freshness * (fresh[i] as number);
    const K = cfg.size;
    const spare = K + 32;
    const baseTop = { free: [] as TopK[], paid: [] as TopK[] };
    for (const t of ['free', 'paid'] as const) {
      baseTop[t] = Array.from({ length: slugs.length + 1 }, () => new TopK(spare));
      const want = t === 'paid' ? 1 : 0;
      for (let i = 0; i < n; i++) {
        if (paid[i] !== want) continue;
        const s = base[i] as number;
        (baseTop[t][slugs.length] as TopK).push(i, s);
        const ci = cat[i] as number;
        if (ci >= 0) (baseTop[t][ci] as TopK).push(i, s);
      }
    }
    const activeByCountry: number[][] = Array.from({ length: nCountries }, () => []);
    for (const key of new Set([...velocity.keys(), ...revenue.keys()])) activeByCountry[Math.floor(key / n)]?.push(key % n);
    const previous = await this.previousRanks(db);
    const entries: Array<{ run_id: string; chart_key: string; rank: number; app_id: string; score: number; previous_rank: number | null }> =
      [];
    let lists = 0;
    for (let c = 0; c < nCountries; c++) {
      const country = countryCodes[c] as string;
      const active = activeByCountry[c] as number[];
      // category medians of raw velocity (among apps with downloads here) normalise velocity
      const perCat: number[][] = Array.from({ length: slugs.length + 1 }, () => []);
      for (const a of active) {
        const v = velocity.get(c * n + a) ?? 0;
        if (v <= 0) continue;
        (perCat[slugs.length] as number[]).push(v);
        const ci = cat[a] as number;
        if (ci >= 0) (perCat[ci] as number[]).push(v);
      }
      const med = perCat.map((vs) => {
        if (vs.length === 0) return 1;
        vs.sort((x, y) => x - y);
        return Math.max(1e-9, vs[vs.length >> 1] as number);
      });
      let maxVel = 0;
      let maxRev = 0;
      const velN = new Map<number, number>();
      const revN = new Map<number, number>();
      for (const a of active) {
        const ci = cat[a] as number;
        const v = Math.log1p((velocity.get(c * n + a) ?? 0) / (med[ci >= 0 ? ci : slugs.length] as number));
        velN.set(a, v);
        if (v > maxVel) maxVel = v;
        const r = Math.log1p(revenue.get(c * n + a) ?? 0);
        revN.set(a, r);
        if (r > maxRev) maxRev = r;
      }
      const sold = (a: number) => {
        const av = availability[a];
        return !av || av.has(country);
      };
      const scoreOf = (a: number, t: ChartType) => {
        const v = maxVel > 0 ? (velN.get(a) ?? 0) / maxVel : 0;
        const r = maxRev > 0 ? (revN.get(a) ?? 0) / maxRev : 0;
        const s = (base[a] as number) + w.velocity * v + w.revenue * r;
        return t === 'grossing' ? cfg.grossingRevenueWeight * r + (1 - cfg.grossingRevenueWeight) * s : s;
      };
      for (const t of CHART_TYPES) {
        const tops = Array.from({ length: slugs.length + 1 }, () => new TopK(K));
        const push = (a: number, s: number) => {
          (tops[slugs.length] as TopK).push(a, s);
          const ci = cat[a] as number;
          if (ci >= 0) (tops[ci] as TopK).push(a, s);
        };
        const activeSet = new Set<number>();
        for (const a of active) {
          if (!sold(a)) continue;
          if (t === 'grossing' ? (revN.get(a) ?? 0) <= 0 : paid[a] !== (t === 'paid' ? 1 : 0)) continue;
          activeSet.add(a);
          push(a, scoreOf(a, t));
        }
        if (t !== 'grossing')
          for (let ci = 0; ci <= slugs.length; ci++) {
            const top = tops[ci] as TopK;
            for (const { index: a, score } of (baseTop[t][ci] as TopK).sorted()) {
              if (activeSet.has(a) || !sold(a)) continue;
              top.push(a, score);
            }
          }
        for (let ci = 0; ci <= slugs.length; ci++) {
          const ranked = (tops[ci] as TopK).sorted();
          if (ranked.length === 0) continue;
          lists++;
          const key = chartKey(t, country, ci === slugs.length ? ALL : (slugs[ci] as string));
          ranked.forEach(({ index, score }, r) => {
            const appId = appIds[index] as string;
            entries.push({
              run_id: runId,
              chart_key: key,
              rank: r + 1,
              app_id: appId,
              score: Math.round(score * 1e6) / 1e6,
              previous_rank: previous.get(`${key}|${appId}`) ?? null,
            });
          });
        }
      }
    }
    phase('rank');

    // 8. store: the new lists, daily positions (history), then drop all but the last two runs
    // the run readers may still be on (other processes memoise the latest run for a few seconds)
    const prevRun = (await repo.latestRun(db))?.id ?? null;
    await inTransaction(db, async (trx) => {
      await repo.insertEntries(trx, entries);
      await repo.upsertPositions(
        trx,
        entries.map((e) => ({ app_id: e.app_id, chart_key: e.chart_key, day: today, rank: e.rank })),
      );
      const durationMs = Math.round(performance.now() - t0);
      await repo.finishRun(trx, runId, isoNow(this.d.clock), { apps: n, lists, durationMs });
      await repo.pruneRuns(
        trx,
        prevRun ? [runId, prevRun] : [runId],
        utcDay(new Date(now.getTime() - cfg.historyDays * DAY_MS)),
        new Date(now.getTime() - DAY_MS).toISOString(),
      );
      await this.d.bus.emit(trx, { type: 'charts.computed', aggregateId: runId, payload: { runId, lists } });
    });
    this.latest = undefined;
    phase('store');
    const durationMs = Math.round(performance.now() - t0);
    this.d.log.info({ runId, apps: n, lists, entries: entries.length, incidentsOpened, durationMs, phases }, 'charts computed');
    return { runId, apps: n, lists, entries: entries.length, incidentsOpened, durationMs, phasesMs: phases };
  }

  private async previousRanks(db: Executor): Promise<Map<string, number>> {
    const run = await repo.latestRun(db);
    const out = new Map<string, number>();
    if (!run) return out;
    for (const e of await repo.entriesOfRun(db, run.id)) out.set(`${e.chart_key}|${e.app_id}`, Number(e.rank));
    return out;
  }

  /** The latest finished run (memoised for a few seconds; dropped when a run finishes). */
  private async latestRun(db: Executor) {
    const now = Date.now();
    if (!this.latest || this.latest.until < now) {
      const r = await repo.latestRun(db);
      this.latest = { id: r?.id ?? null, computedAt: r?.finished_at ? new Date(r.finished_at).toISOString() : null, until: now + 5000 };
    }
    return this.latest;
  }

  /** Drops cached reads (a run finished somewhere). */
  forgetLatest(): void {
    this.latest = undefined;
  }

  /** One page of a stored chart, from the cache when possible. */
  async chart(
    db: Executor,
    q: { type: string; country: string; category?: string; limit: number; offset: number },
  ): Promise<{ type: ChartType; country: string; category: string; computedAt: string | null; total: number; entries: ChartEntry[] }> {
    const c = parseChart(q);
    const run = await this.latestRun(db);
    const head = { ...c, computedAt: run.computedAt };
    if (!run.id) return { ...head, total: 0, entries: [] };
    const key = chartKey(c.type, c.country, c.category);
    const cacheKey = `charts:${run.id}:${key}:${q.limit}:${q.offset}`;
    const hit = await this.d.cache.get<{ total: number; entries: ChartEntry[] }>(cacheKey);
    if (hit) return { ...head, ...hit };
    const rows = await repo.chartPage(db, run.id, key, q.limit, q.offset);
    const total = await repo.countChart(db, run.id, key);
    const apps = new Map(
      (
        await this.d.catalog.summariesByIds(
          db,
          rows.map((r) => r.app_id),
        )
      ).map((a) => [a.id, a]),
    );
    const entries = rows.flatMap((r) => {
      const app = apps.get(r.app_id);
      if (app?.status !== 'live') return [];
      const prev = r.previous_rank === null ? null : Number(r.previous_rank);
      return [{ rank: Number(r.rank), previousRank: prev, movement: movementOf(Number(r.rank), prev), score: Number(r.score), app }];
    });
    const value = { total, entries };
    await this.d.cache.set(cacheKey, value, 10 * 60_000);
    return { ...head, ...value };
  }

  /** App ids at the top of a chart (recommendations' "Popular in <category>"). */
  async topAppIds(db: Executor, q: { type: ChartType; country: string; category?: string }, limit: number): Promise<string[]> {
    const c = parseChart(q);
    const run = await this.latestRun(db);
    if (!run.id) return [];
    const cacheKey = `charts:ids:${run.id}:${chartKey(c.type, c.country, c.category)}:${limit}`;
    const hit = await this.d.cache.get<string[]>(cacheKey);
    if (hit) return hit;
    const ids = (await repo.chartPage(db, run.id, chartKey(c.type, c.country, c.category), limit, 0)).map((r) => r.app_id);
    await this.d.cache.set(cacheKey, ids, 10 * 60_000);
    return ids;
  }

  /** An app's chart positions: daily best and last rank per chart, and where it stands now. */
  async positions(db: Executor, appId: string, from: string, to: string) {
    const run = await this.latestRun(db);
    const parse = (key: string) => {
      const [type, country, category] = key.split(':') as [string, string, string];
      return { type, country, category };
    };
    const history = (await repo.positionsOf(db, appId, from, to)).map((r) => ({
      ...parse(r.chart_key),
      day: r.day,
      bestRank: Number(r.best_rank),
      lastRank: Number(r.last_rank),
    }));
    const current = run.id
      ? (await repo.currentOf(db, run.id, appId)).map((r) => {
          const prev = r.previous_rank === null ? null : Number(r.previous_rank);
          return { ...parse(r.chart_key), rank: Number(r.rank), previousRank: prev, movement: movementOf(Number(r.rank), prev) };
        })
      : [];
    return { computedAt: run.computedAt, current, history };
  }

  // ---- incidents (moderation) ----

  async incidents(db: Executor, q: { status?: IncidentStatus; limit: number; offset: number }) {
    const rows = await repo.listIncidents(db, q.status, q.limit, q.offset);
    const total = await repo.countIncidents(db, q.status);
    const apps = new Map(
      (
        await this.d.catalog.summariesByIds(
          db,
          rows.map((r) => r.app_id),
        )
      ).map((a) => [a.id, a]),
    );
    return { total, incidents: rows.map((r) => this.presentIncident(r, apps.get(r.app_id))) };
  }

  private presentIncident(r: Awaited<ReturnType<typeof repo.findIncident>> & object, app: AppSummary | undefined) {
    return {
      id: r.id,
      appId: r.app_id,
      bundleId: app?.bundleId ?? null,
      appName: app?.name ?? null,
      day: r.day,
      observed: Number(r.observed),
      baseline: Number(r.baseline),
      threshold: Math.round(Number(r.threshold) * 100) / 100,
      held: Number(r.held),
      zScore: Math.round(Number(r.z_score) * 100) / 100,
      status: r.status,
      openedAt: new Date(r.opened_at).toISOString(),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
      note: r.note,
    };
  }

  /**
   * A moderator's decision: `release` counts the held downloads from the next run on;
   * `confirm` keeps them out for good.
   */
  async resolveIncident(db: Db, id: string, moderatorId: string, resolution: 'release' | 'confirm', note: string | null) {
    return inTransaction(db, async (trx) => {
      const inc = await repo.findIncident(trx, id);
      if (!inc) throw new AppError('chart_incident_not_found');
      const status = resolution === 'release' ? 'released' : 'confirmed';
      if (!(await repo.resolveIncident(trx, id, status, moderatorId, isoNow(this.d.clock), note)))
        throw new AppError('chart_incident_resolved');
      await this.d.bus.emit(trx, {
        type: 'chart_incident.resolved',
        aggregateId: inc.app_id,
        payload: { incidentId: id, appId: inc.app_id, day: inc.day, held: Number(inc.held), resolution: status },
      });
      const after = await repo.findIncident(trx, id);
      const [app] = await this.d.catalog.summariesByIds(trx, [inc.app_id]);
      return this.presentIncident(after as NonNullable<typeof after>, app);
    });
  }
}
