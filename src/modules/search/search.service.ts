/**
 * Search: owns this process's index replica and its lifecycle (snapshot or database build at
 * start, catch-up from the outbox, incremental updates from catalog events, periodic snapshots),
 * answers searches and suggestions, falls back to the database while the index is not ready,
 * and keeps the query log that feeds suggestions and trending searches.
 */
import path from 'node:path';
import type { Db, Dialect } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { Logger } from '../../platform/logger.js';
import { storefrontOf } from '../../platform/storefronts.js';
import { APP_EVENTS } from '../catalog/catalog.events.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import { categories, categorySlug, parseCategory } from '../catalog/categories.js';
import { analyzeQuery, normalizeQueryText } from './analyzer.js';
import { lowerBound } from './dictionary.js';
import { type IndexDoc, SearchIndex } from './engine.js';
import * as repo from './search.repository.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';

export const MAX_QUERY_LENGTH = 256;
export const MAX_LIMIT = 50;
export const MAX_OFFSET = 10_000;

export interface SearchParams {
  q?: string;
  category?: string;
  price?: 'free' | 'paid';
  minRating?: number;
  country?: string;
  limit?: number;
  offset?: number;
}

export interface SearchResult {
  bundleId: string;
  name: string;
  subtitle: string;
  developer: string;
  category: string;
  priceMinor: number;
  currency: string;
  ratingAverage: number;
  ratingCount: number;
  iconUrl: string | null;
  score: number;
}

export interface SearchResponse {
  results: SearchResult[];
  total: number;
  totalExact: boolean;
  tookMs: number;
  degraded: boolean;
  facets: Array<{ category: string; slug: string; count: number }>;
  didYouMean: string | null;
  /** The query's words after analysis (clients highlight them). */
  terms: string[];
}

export interface Suggestion {
  text: string;
  bundleId?: string;
}

export interface SearchDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  catalog: CatalogService;
  lifecycle: { started: boolean };
  dataDir: string;
  textWeight: number;
  mode: 'memory' | 'database';
  snapshotIntervalSeconds: number;
}

type State = 'idle' | 'loading' | 'ready' | 'failed';

const SUGGEST_LOG_DAYS = 30;
const TRENDING_DAYS = 7;
const LOG_FLUSH_MS = 5_000;
/** Events replayed before a snapshot's position too (PostgreSQL may commit a lower seq late). */
const REPLAY_MARGIN = 1_000;

const day = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (d: Date, n: number) => day(new Date(d.getTime() - n * 86_400_000));

export class SearchService {
  private index: SearchIndex | null = null;
  private state: State = 'idle';
  private failure: string | undefined;
  private loading: Promise<void> | undefined;
  /** Last outbox position applied to the index. */
  private position = 0;
  /** Apps changed while the index was loading (applied once it is). */
  private readonly pending = new Set<string>();
  /** Apps whose ratings or downloads changed (re-ranked in place, text untouched). */
  private readonly statsPending = new Set<string>();
  private rebuildRequested = false;
  private dirty = false;
  private readonly logBuffer = new Map<string, { count: number; results: number }>();
  private queryCounts = new Map<string, number>();
  private suggestKeys: string[] = [];
  private suggestDirty = true;
  private suggestSortedAt = 0;
  private timers: NodeJS.Timeout[] = [];
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly d: SearchDeps) {}

  get snapshotFile(): string {
    return path.join(this.d.dataDir, 'search', 'index.snap');
  }

  ready(): { ok: boolean; reason?: string } {
    if (this.d.mode === 'database') return { ok: true };
    if (this.state === 'ready') return { ok: true };
    if (this.state === 'failed') return { ok: false, reason: `index failed: ${this.failure}` };
    return { ok: false, reason: 'search index loading' };
  }

  /** Starts loading the index in the background (searches answer degraded until it is ready). */
  async start(): Promise<void> {
    this.timers.push(setInterval(() => void this.flushLog(), LOG_FLUSH_MS));
    if (this.d.snapshotIntervalSeconds > 0)
      this.timers.push(setInterval(() => void this.snapshotIfChanged(), this.d.snapshotIntervalSeconds * 1000));
    for (const t of this.timers) t.unref();
    void this.loadQueryLog().catch((err) => this.d.log.warn({ err }, 'search: query log not loaded'));
    if (this.d.mode === 'database') return;
    this.loading = this.load();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.loading?.catch(() => {});
    await this.applying.catch(() => {});
    await this.flushLog().catch(() => {});
    if (this.state === 'ready' && this.dirty) await this.snapshotIfChanged();
  }

  /** Resolves once the index is ready (or failed); for tests and the CLI. */
  async whenReady(): Promise<void> {
    await this.loading;
    await this.applying;
  }

  private async load(): Promise<void> {
    this.state = 'loading';
    const t0 = performance.now();
    try {
      let loaded = false;
      try {
        const snap = readSnapshot(this.snapshotFile);
        if (snap) {
          const oldest = await repo.oldestOutboxSeq(this.d.db);
          if (oldest > 0 && oldest > snap.seq + 1 && snap.seq > 0) {
            this.d.log.info({ snapshotSeq: snap.seq, oldest }, 'search: snapshot older than the kept events; rebuilding');
          } else {
            this.index = snap.index;
            this.position = snap.seq;
            loaded = true;
            this.d.log.info({ apps: snap.index.liveCount, ms: Math.round(performance.now() - t0) }, 'search: index loaded from snapshot');
          }
        }
      } catch (err) {
        this.d.log.warn({ err }, 'search: snapshot unreadable; rebuilding from the database');
      }
      if (!loaded) {
        this.position = await this.d.bus.maxSeq();
        this.index = await this.buildFromDb();
        this.dirty = true;
      }
      await this.catchUp(loaded ? Math.max(0, this.position - REPLAY_MARGIN) : this.position, this.position);
      this.state = 'ready';
      void this.schedulePending(); // anything that arrived during the catch-up
      this.d.log.info({ apps: this.index?.liveCount, ms: Math.round(performance.now() - t0) }, 'search: index ready');
      if (!loaded) void this.snapshotIfChanged();
    } catch (err) {
      this.state = 'failed';
      this.failure = err instanceof Error ? err.message : String(err);
      this.d.log.error({ err }, 'search: index failed to load; answering from the database');
    }
  }

  /** Reads every live app from the catalog in id order and builds a fresh index, logging progress. */
  async buildFromDb(): Promise<SearchIndex> {
    const t0 = performance.now();
    const total = await this.d.catalog.countLiveApps(this.d.db);
    this.d.log.info({ apps: total }, 'search: building index from the database');
    const docs: IndexDoc[] = [];
    let after = '';
    let lastLog = 0;
    for (;;) {
      const rows = await this.d.catalog.scan(this.d.db, after, 5000);
      if (rows.length === 0) break;
      for (const r of rows) if (r.status === 'live') docs.push(toIndexDoc(r));
      after = (rows[rows.length - 1] as { id: string }).id;
      if (docs.length - lastLog >= 100_000) {
        lastLog = docs.length;
        this.d.log.info({ read: docs.length, of: total }, 'search: reading apps');
      }
    }
    const ix = SearchIndex.build(docs, (n) => {
      if (n % 200_000 === 0) this.d.log.info({ indexed: n, of: docs.length }, 'search: indexing');
    });
    this.d.log.info({ apps: ix.liveCount, terms: ix.terms.length, ms: Math.round(performance.now() - t0) }, 'search: index built');
    return ix;
  }

  /**
   * Applies outbox events after `from` up to where this process's event cursor started, so
   * nothing between the snapshot (or build) and live delivery is missed.
   */
  private async catchUp(from: number, snapshotSeq: number): Promise<void> {
    // the bus starts after the modules; wait for it (bounded) to learn its starting position
    for (let i = 0; i < 600 && !this.d.lifecycle.started; i++) await new Promise((r) => setTimeout(r, 50));
    const upTo = this.d.lifecycle.started ? this.d.bus.localPosition : await this.d.bus.maxSeq();
    if (upTo > from) {
      const events = await repo.appEventsBetween(this.d.db, from, upTo, [...APP_EVENTS, 'catalog.bulk_loaded']);
      // a bulk load the snapshot already reflects (inside the replay margin) needs no rebuild
      if (events.some((e) => e.type === 'catalog.bulk_loaded' && e.seq > snapshotSeq)) this.rebuildRequested = true;
      for (const e of events) if (e.payload.appId) this.pending.add(e.payload.appId);
      this.position = Math.max(this.position, upTo);
    }
    await this.applyPending();
  }

  /** The local consumer: every API process updates its own replica. */
  async onEvents(events: Array<{ seq: number; type: string; payload: unknown }>): Promise<void> {
    for (const e of events) {
      if (e.type === 'catalog.bulk_loaded') this.rebuildRequested = true;
      const appId = (e.payload as { appId?: string }).appId;
      if (appId && e.type === 'app.stats_changed') this.statsPending.add(appId);
      else if (appId) this.pending.add(appId);
      this.position = Math.max(this.position, e.seq);
    }
    if (this.state !== 'ready') return; // applied when loading finishes
    await this.schedulePending();
  }

  /** Serialises index writes: one apply at a time, failures logged (the next event retries). */
  private schedulePending(): Promise<void> {
    this.applying = this.applying
      .then(() => this.applyPending())
      .catch((err) => this.d.log.error({ err }, 'search: applying catalog changes failed'));
    return this.applying;
  }

  private async applyPending(): Promise<void> {
    if (!this.index) return;
    if (this.rebuildRequested) {
      this.rebuildRequested = false;
      this.pending.clear();
      this.statsPending.clear();
      const position = await this.d.bus.maxSeq();
      this.index = await this.buildFromDb();
      this.position = Math.max(this.position, position);
      this.dirty = true;
      return;
    }
    for (const id of this.pending) this.statsPending.delete(id);
    while (this.statsPending.size > 0) {
      const ids = [...this.statsPending].slice(0, 500);
      for (const id of ids) this.statsPending.delete(id);
      for (const r of await this.d.catalog.appsByIds(this.d.db, ids)) {
        const stats = {
          priceMinor: Number(r.price_minor),
          ratingAverage: Number(r.rating_average),
          ratingCount: Number(r.rating_count),
          downloads: Number(r.downloads),
        };
        if (r.status !== 'live' || !this.index.updateStats(r.id, stats)) this.pending.add(r.id);
      }
      this.dirty = true;
    }
    while (this.pending.size > 0) {
      const ids = [...this.pending].slice(0, 500);
      for (const id of ids) this.pending.delete(id);
      const rows = await this.d.catalog.appsByIds(this.d.db, ids);
      const found = new Set<string>();
      for (const r of rows) {
        found.add(r.id);
        if (r.status === 'live') this.index.upsert(toIndexDoc(r));
        else this.index.remove(r.id);
      }
      for (const id of ids) if (!found.has(id)) this.index.remove(id);
      this.dirty = true;
    }
    if (this.index.deltaDocs > Math.max(20_000, this.index.size * 0.05)) this.index.merge();
  }

  async snapshotIfChanged(): Promise<void> {
    if (!this.index || this.state !== 'ready' || !this.dirty) return;
    const t0 = performance.now();
    try {
      this.dirty = false;
      const bytes = writeSnapshot(this.snapshotFile, this.index, this.position);
      this.d.log.info(
        { mb: Math.round(bytes / 1e6), ms: Math.round(performance.now() - t0), seq: this.position },
        'search: snapshot written',
      );
    } catch (err) {
      this.dirty = true;
      this.d.log.warn({ err }, 'search: snapshot failed');
    }
  }

  // ------------------------------------------------------------------ queries

  /** Validates the parameters (stable 400 codes) and normalises them. */
  parse(p: SearchParams): Required<Pick<SearchParams, 'limit' | 'offset'>> & SearchParams & { q: string } {
    const q = p.q ?? '';
    if (q.length > MAX_QUERY_LENGTH)
      throw new AppError('query_too_long', `q is limited to ${MAX_QUERY_LENGTH} characters`, { maxLength: MAX_QUERY_LENGTH });
    const limit = p.limit ?? 20;
    const offset = p.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new AppError('invalid_limit', `limit must be 1..${MAX_LIMIT}`, { max: MAX_LIMIT });
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
      throw new AppError('invalid_offset', `offset must be 0..${MAX_OFFSET}`, { max: MAX_OFFSET });
    let category: string | undefined;
    if (p.category !== undefined && p.category !== '') {
      category = parseCategory(p.category);
      if (!category) throw new AppError('unknown_category', `Unknown category "${p.category.slice(0, 80)}"`, { allowed: categories });
    }
    if (p.country !== undefined && !storefrontOf(p.country))
      throw new AppError('unknown_country', `${p.country.slice(0, 10)} is not a storefront`);
    if (p.minRating !== undefined && !(p.minRating >= 0 && p.minRating <= 5))
      throw new AppError('validation_failed', 'minRating must be 0..5');
    const hasText = q.trim().length > 0;
    if (!hasText && !category && !p.price && !p.minRating && !p.country)
      throw new AppError('query_required', 'Give a query (q) or a category to browse');
    return { ...p, q, category, limit, offset };
  }

  async search(params: SearchParams): Promise<SearchResponse> {
    const p = this.parse(params);
    const t0 = performance.now();
    const ix = this.state === 'ready' && this.d.mode === 'memory' ? this.index : null;
    let res: SearchResponse;
    if (ix) {
      try {
        res = this.searchIndex(ix, p, t0);
      } catch (err) {
        this.d.log.error({ err, q: p.q.slice(0, 100) }, 'search: index query failed; answering from the database');
        res = await this.searchDb(p, t0);
      }
    } else res = await this.searchDb(p, t0);
    if (p.q.trim() && p.offset === 0) this.record(p.q, res.total);
    return res;
  }

  private searchIndex(ix: SearchIndex, p: SearchParams & { q: string; limit: number; offset: number }, t0: number): SearchResponse {
    const out = ix.search(
      { q: p.q, category: p.category, price: p.price, minRating: p.minRating, country: p.country, limit: p.limit, offset: p.offset },
      { text: this.d.textWeight },
    );
    return {
      results: out.hits.map((h) => ({
        bundleId: ix.bundleIds[h.doc] as string,
        name: ix.names[h.doc] as string,
        subtitle: ix.subtitles[h.doc] as string,
        developer: ix.developers[h.doc] as string,
        category: categories[ix.category[h.doc] as number] ?? 'Utilities',
        priceMinor: ix.price[h.doc] as number,
        currency: ix.currencies[h.doc] as string,
        ratingAverage: Math.round((ix.rating[h.doc] as number) * 100) / 100,
        ratingCount: ix.ratingCount[h.doc] as number,
        iconUrl: ix.icons[h.doc] ? `/media/${ix.icons[h.doc]}` : null,
        score: Math.round(h.score * 1e6) / 1e6,
      })),
      total: out.total,
      totalExact: out.totalExact,
      tookMs: Math.round((performance.now() - t0) * 1000) / 1000,
      degraded: false,
      facets: facetList(out.facets),
      didYouMean: out.didYouMean,
      terms: out.terms,
    };
  }

  private async searchDb(p: SearchParams & { q: string; limit: number; offset: number }, t0: number): Promise<SearchResponse> {
    const terms = analyzeQuery(p.q);
    const tokens = [...new Set(terms.filter((t) => !t.stop).map((t) => t.raw.replace(/[^\p{L}\p{N}]/gu, '')))].filter(Boolean).slice(0, 8);
    const { rows, total } = await repo.fallbackSearch(this.d.db, this.d.dialect, {
      tokens: tokens.length > 0 || terms.length === 0 ? tokens : terms.map((t) => t.raw).slice(0, 8),
      category: p.category,
      price: p.price,
      minRating: p.minRating,
      country: p.country,
      limit: p.limit,
      offset: p.offset,
    });
    return {
      results: rows.map((r, i) => ({
        bundleId: r.bundle_id,
        name: r.name,
        subtitle: r.subtitle,
        developer: r.developer_name,
        category: r.category,
        priceMinor: Number(r.price_minor),
        currency: r.currency,
        ratingAverage: Math.round(Number(r.rating_average) * 100) / 100,
        ratingCount: Number(r.rating_count),
        iconUrl: r.icon_sha ? `/media/${r.icon_sha}` : null,
        score: Math.round((1 / (1 + p.offset + i)) * 1e6) / 1e6,
      })),
      total,
      totalExact: true,
      tookMs: Math.round((performance.now() - t0) * 1000) / 1000,
      degraded: true,
      facets: [],
      didYouMean: null,
      terms: terms.map((t) => t.raw),
    };
  }

  /** App names and past queries that start with `q`: names first (they open the app), then completions. */
  async suggest(rawQ: string | undefined, limit = 8): Promise<Suggestion[]> {
    const q = (rawQ ?? '').slice(0, MAX_QUERY_LENGTH);
    const key = normalizeQueryText(q);
    if (!key) return [];
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const ix = this.state === 'ready' ? this.index : null;
    if (ix) {
      for (const d of ix.namesWithPrefix(key, 5)) {
        const name = ix.names[d] as string;
        seen.add(normalizeQueryText(name));
        out.push({ text: name, bundleId: ix.bundleIds[d] as string });
      }
    }
    for (const c of this.completions(key, limit)) {
      if (out.length >= limit) break;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push({ text: c });
    }
    if (out.length < 3 && ix && key.length >= 2) {
      // names containing the words (not only starting with them), through the index
      const r = ix.search({ q: key, limit: 5, offset: 0 }, { text: this.d.textWeight });
      for (const h of r.hits) {
        if (out.length >= limit) break;
        const name = ix.names[h.doc] as string;
        if (seen.has(normalizeQueryText(name))) continue;
        seen.add(normalizeQueryText(name));
        out.push({ text: name, bundleId: ix.bundleIds[h.doc] as string });
      }
    }
    return out.slice(0, limit);
  }

  private completions(key: string, limit: number): string[] {
    // re-sorted at most every few seconds: new queries wait a moment before they complete
    const now = Date.now();
    if (this.suggestDirty && (this.queryCounts.size < 10_000 || now - this.suggestSortedAt > 5_000)) {
      this.suggestKeys = [...this.queryCounts]
        .filter(([, n]) => n >= 2)
        .map(([k]) => k)
        .sort();
      this.suggestDirty = false;
      this.suggestSortedAt = now;
    }
    const keys = this.suggestKeys;
    const out: Array<[string, number]> = [];
    for (let i = lowerBound(keys, key); i < keys.length && out.length < 200; i++) {
      const k = keys[i] as string;
      if (!k.startsWith(key)) break;
      if (k !== key) out.push([k, this.queryCounts.get(k) ?? 0]);
    }
    return out
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map((x) => x[0]);
  }

  /** The most searched queries of the last week that found apps. */
  async trending(limit = 10): Promise<Array<{ query: string; count: number }>> {
    await this.flushLog();
    const rows = await repo.topQueries(this.d.db, daysAgo(this.d.clock.now(), TRENDING_DAYS), limit, 2);
    return rows.map((r) => ({ query: r.query, count: r.count }));
  }

  private record(q: string, total: number) {
    const key = normalizeQueryText(q);
    if (!key || key.length > 100) return;
    const cur = this.logBuffer.get(key);
    this.logBuffer.set(key, { count: (cur?.count ?? 0) + 1, results: total });
    if (total > 0) {
      const before = this.queryCounts.get(key);
      this.queryCounts.set(key, (before ?? 0) + 1);
      // a query becomes a completion once searched twice (one-offs and typos stay out)
      if (before === 1) this.suggestDirty = true;
      if (this.queryCounts.size > 200_000) for (const [k, n] of this.queryCounts) if (n < 2) this.queryCounts.delete(k);
    }
  }

  async flushLog(): Promise<void> {
    if (this.logBuffer.size === 0) return;
    const today = day(this.d.clock.now());
    const rows = [...this.logBuffer].map(([query, v]) => ({ day: today, query, count: v.count, results: v.results }));
    this.logBuffer.clear();
    await repo.addQueryCounts(this.d.db, rows);
  }

  private async loadQueryLog(): Promise<void> {
    const rows = await repo.topQueries(this.d.db, daysAgo(this.d.clock.now(), SUGGEST_LOG_DAYS), 100_000, 2);
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.query, r.count);
    for (const [k, v] of this.queryCounts) m.set(k, (m.get(k) ?? 0) + v);
    this.queryCounts = m;
    this.suggestDirty = true;
  }

  /** Query-log compaction (scheduler): drop days past 90, and one-off queries past 7 days. */
  async compactLog(now: Date): Promise<number> {
    await this.flushLog();
    const n = await repo.compactQueryLog(this.d.db, daysAgo(now, 90), daysAgo(now, TRENDING_DAYS));
    await this.loadQueryLog();
    return n;
  }

  /** The loaded index (benchmarks and tests). */
  get currentIndex(): SearchIndex | null {
    return this.index;
  }
}

function facetList(f: Record<string, number>) {
  return Object.entries(f)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([category, count]) => ({ category, slug: categorySlug(category), count }));
}

interface AppRowLike {
  id: string;
  bundle_id: string;
  name: string;
  subtitle: string;
  developer_name: string;
  category: string;
  description: string;
  keywords: string;
  price_minor: number;
  currency: string;
  rating_average: number;
  rating_count: number;
  downloads: number;
  availability: string | null;
  icon_sha: string | null;
}

export function toIndexDoc(r: AppRowLike): IndexDoc {
  return {
    appId: r.id,
    bundleId: r.bundle_id,
    name: r.name,
    subtitle: r.subtitle ?? '',
    developer: r.developer_name,
    category: r.category,
    description: r.description ?? '',
    keywords: parseList(r.keywords),
    priceMinor: Number(r.price_minor),
    currency: r.currency,
    ratingAverage: Number(r.rating_average),
    ratingCount: Number(r.rating_count),
    downloads: Number(r.downloads),
    availability: r.availability ? parseList(r.availability) : null,
    iconSha: r.icon_sha,
  };
}

function parseList(s: string | null): string[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
