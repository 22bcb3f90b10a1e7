/**
 * Catalog: apps, their store listing (text, category, media), availability and prices per
 * storefront. Every change publishes app.* events through the outbox in the same transaction.
 */
import type { Readable } from 'node:stream';
import { bulkInsert } from '../../db/bulk.js';
import type { Database, Db, Executor, Tx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Cache } from '../../platform/cache.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import { countryCodes, storefrontOf } from '../../platform/storefronts.js';
import type { AccountsService, Developer } from '../accounts/accounts.service.js';
import { categories, categorySlug, isCategory } from './categories.js';
import './catalog.events.js';
import * as repo from './catalog.repository.js';
import type { AppStatus } from './catalog.tables.js';
import type { AppDetail, AppSummary, Price } from './catalog.types.js';
import { imageGuard, imageType } from './images.js';
import { popularityScore, synthHistogram } from './popularity.js';

export type { AppDetail, AppSummary, Price } from './catalog.types.js';

export const MAX_SCREENSHOTS = 10;
export const BUNDLE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+$';

export interface AppInput {
  bundleId: string;
  name: string;
  subtitle?: string;
  category: string;
  description?: string;
  keywords?: string[];
  ageRating?: string;
  priceMinor?: number;
  currency?: string;
  availability?: string[] | null;
}

/** One catalog import line, already validated (see import.ts). */
export interface ImportRecord {
  bundleId: string;
  name: string;
  developer: string;
  category: string;
  description?: string;
  keywords?: string[];
  priceMinor?: number;
  currency?: string;
  ratingAverage?: number;
  ratingCount?: number;
  downloads?: number;
  releasedAt?: string;
  updatedAt?: string;
  version?: string;
  ageRating?: string;
  sizeBytes?: number;
  subtitle?: string;
}

export const mediaUrl = (sha: string | null) => (sha ? `/media/${sha}` : null);

function toSummary(r: repo.AppSummaryRow, price?: Price | null): AppSummary {
  return {
    id: r.id,
    bundleId: r.bundle_id,
    name: r.name,
    subtitle: r.subtitle,
    developer: r.developer_name,
    developerId: r.developer_id,
    category: r.category,
    priceMinor: Number(r.price_minor),
    currency: r.currency,
    ratingAverage: Math.round(Number(r.rating_average) * 100) / 100,
    ratingCount: Number(r.rating_count),
    downloads: Number(r.downloads),
    iconUrl: mediaUrl(r.icon_sha),
    version: r.version,
    status: r.status,
    releasedAt: r.released_at,
    updatedAt: r.updated_at,
    ...(price !== undefined ? { price } : {}),
  };
}

/** The price of an app in a storefront: an explicit price row, else the base price where available. */
export function resolvePrice(
  app: Pick<repo.AppRow, 'price_minor' | 'currency' | 'availability'>,
  override: Price | undefined,
  country: string,
): Price | null {
  if (override) return override;
  const availability: string[] | null = app.availability ? JSON.parse(app.availability) : null;
  if (availability && !availability.includes(country)) return null;
  return { country, priceMinor: Number(app.price_minor), currency: app.currency };
}

export interface CatalogDeps {
  clock: Clock;
  bus: EventBus;
  cache: Cache;
  blobs: BlobStore;
  accounts: AccountsService;
  mediaMaxBytes: number;
}

export class CatalogService {
  /** Bumped on every app event this process sees; cached listings of older generations are dead. */
  private listingGeneration = 0;
  constructor(private readonly d: CatalogDeps) {}

  private now() {
    return this.d.clock.now().toISOString();
  }

  private async emitApp(
    trx: Executor,
    type: 'app.created' | 'app.removed' | 'app.stats_changed',
    r: Pick<repo.AppRow, 'id' | 'bundle_id' | 'developer_id'>,
  ) {
    await this.d.bus.emit(trx, { type, aggregateId: r.id, payload: { appId: r.id, bundleId: r.bundle_id, developerId: r.developer_id } });
  }

  private async emitUpdated(trx: Executor, r: Pick<repo.AppRow, 'id' | 'bundle_id' | 'developer_id'>, fields: string[]) {
    await this.d.bus.emit(trx, {
      type: 'app.updated',
      aggregateId: r.id,
      payload: { appId: r.id, bundleId: r.bundle_id, developerId: r.developer_id, fields },
    });
  }

  /** Creates a draft app owned by `developer`. Throws `bundle_id_taken` (409) on a duplicate bundle id. */
  async createApp(db: Db, developer: Developer, input: AppInput): Promise<AppDetail> {
    assertCategory(input.category);
    const now = this.now();
    const row: repo.NewAppRow = {
      id: newId(),
      bundle_id: input.bundleId,
      developer_id: developer.id,
      developer_name: developer.name,
      name: input.name.trim(),
      subtitle: input.subtitle?.trim() ?? '',
      category: input.category,
      description: input.description ?? '',
      keywords: JSON.stringify(normaliseKeywords(input.keywords ?? [])),
      age_rating: input.ageRating ?? '4+',
      price_minor: input.priceMinor ?? 0,
      currency: input.currency ?? 'USD',
      availability: input.availability ? JSON.stringify([...new Set(input.availability)].sort()) : null,
      icon_sha: null,
      version: '1.0.0',
      size_bytes: 0,
      rating_average: 0,
      rating_count: 0,
      rating_histogram: '[0,0,0,0,0]',
      downloads: 0,
      popularity: popularityScore(0, 0, 0),
      status: 'draft',
      released_at: now,
      created_at: now,
      updated_at: now,
    };
    try {
      await inTransaction(db, async (trx) => {
        await repo.insertApps(trx, [row]);
        await this.emitApp(trx, 'app.created', row);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'apps.bundle_id')) throw new AppError('bundle_id_taken');
      throw err;
    }
    return this.getApp(db, row.bundle_id, { ownerDeveloperId: developer.id });
  }

  /** Loads an app for its owner, or throws app_not_found (also for other developers' apps: no existence leak). */
  private async ownedApp(db: Executor, developerId: string, bundleId: string): Promise<repo.AppRow> {
    const app = await repo.findAppByBundle(db, bundleId);
    if (!app || app.developer_id !== developerId) throw new AppError('app_not_found');
    return app;
  }

  async updateApp(db: Db, developerId: string, bundleId: string, patch: Partial<Omit<AppInput, 'bundleId'>>): Promise<AppDetail> {
    if (patch.category !== undefined) assertCategory(patch.category);
    await inTransaction(db, async (trx) => {
      const app = await this.ownedApp(trx, developerId, bundleId);
      if (app.status === 'removed') throw new AppError('app_not_found');
      const set: Partial<repo.NewAppRow> = { updated_at: this.now() };
      if (patch.name !== undefined) set.name = patch.name.trim();
      if (patch.subtitle !== undefined) set.subtitle = patch.subtitle.trim();
      if (patch.category !== undefined) set.category = patch.category;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.keywords !== undefined) set.keywords = JSON.stringify(normaliseKeywords(patch.keywords));
      if (patch.ageRating !== undefined) set.age_rating = patch.ageRating;
      if (patch.priceMinor !== undefined) set.price_minor = patch.priceMinor;
      if (patch.currency !== undefined) set.currency = patch.currency;
      if (patch.availability !== undefined)
        set.availability = patch.availability ? JSON.stringify([...new Set(patch.availability)].sort()) : null;
      await repo.updateApp(trx, app.id, set);
      await this.emitUpdated(trx, app, Object.keys(patch));
    });
    await this.forgetApp(bundleId);
    return this.getApp(db, bundleId, { ownerDeveloperId: developerId });
  }

  /** Makes a draft live in the store. (The releases module adds app review in front of this.) */
  async publishApp(db: Db, developerId: string, bundleId: string): Promise<AppDetail> {
    await inTransaction(db, async (trx) => {
      const app = await this.ownedApp(trx, developerId, bundleId);
      if (app.status === 'removed') throw new AppError('app_not_found');
      if (app.status === 'live') return;
      const now = this.now();
      await repo.updateApp(trx, app.id, { status: 'live', released_at: now, updated_at: now });
      await this.emitUpdated(trx, app, ['status']);
    });
    await this.forgetApp(bundleId);
    return this.getApp(db, bundleId, { ownerDeveloperId: developerId });
  }

  /** Takes an app off the store. Owners keep seeing it in the console; shoppers get 404. */
  async removeApp(db: Db, developerId: string, bundleId: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      const app = await this.ownedApp(trx, developerId, bundleId);
      if (app.status === 'removed') return;
      await repo.updateApp(trx, app.id, { status: 'removed', updated_at: this.now() });
      await this.emitApp(trx, 'app.removed', app);
    });
    await this.forgetApp(bundleId);
  }

  /** Replaces the per-country price list; currencies follow the storefront. */
  async setPrices(db: Db, developerId: string, bundleId: string, prices: Array<{ country: string; priceMinor: number }>) {
    await inTransaction(db, async (trx) => {
      const app = await this.ownedApp(trx, developerId, bundleId);
      const rows = dedupeBy(prices, (p) => p.country).map((p) => {
        const sf = storefrontOf(p.country);
        if (!sf) throw new AppError('unknown_country', `${p.country} is not a storefront`);
        return { app_id: app.id, country: p.country, price_minor: p.priceMinor, currency: sf.currency };
      });
      await repo.replacePrices(trx, app.id, rows);
      await repo.updateApp(trx, app.id, { updated_at: this.now() });
      await this.emitUpdated(trx, app, ['prices']);
    });
    await this.forgetApp(bundleId);
    return this.getApp(db, bundleId, { ownerDeveloperId: developerId });
  }

  /**
   * App detail. Shoppers see live apps only; `ownerDeveloperId` lets the owner see drafts and
   * removed apps. `country` adds the price in that storefront.
   */
  async getApp(db: Executor, bundleId: string, opts: { country?: string; ownerDeveloperId?: string } = {}): Promise<AppDetail> {
    // Live listings are cached (dropped on app events in every process, and after our own writes).
    const key = detailKey(bundleId);
    let detail = await this.d.cache.get<AppDetail>(key);
    if (!detail) {
      detail = await this.loadDetail(db, bundleId);
      if (detail.status === 'live') await this.d.cache.set(key, detail, 60_000);
    }
    const isOwner = opts.ownerDeveloperId !== undefined && detail.developerId === opts.ownerDeveloperId;
    if (detail.status !== 'live' && !isOwner) throw new AppError('app_not_found');
    if (!opts.country) return detail;
    return { ...detail, price: detail.prices.find((p) => p.country === opts.country) ?? null };
  }

  private async loadDetail(db: Executor, bundleId: string): Promise<AppDetail> {
    const r = await repo.findAppByBundle(db, bundleId);
    if (!r) throw new AppError('app_not_found');
    const [priceRows, shots, dev] = await Promise.all([
      repo.pricesOf(db, r.id),
      repo.screenshotsOf(db, r.id),
      this.d.accounts.getDeveloper(db, r.developer_id),
    ]);
    const overrides = new Map(
      priceRows.map((p) => [p.country, { country: p.country, priceMinor: Number(p.price_minor), currency: p.currency }]),
    );
    const prices = countryCodes.map((c) => resolvePrice(r, overrides.get(c), c)).filter((p): p is Price => p !== null);
    return {
      ...toSummary(r),
      description: r.description,
      keywords: JSON.parse(r.keywords),
      ageRating: r.age_rating,
      sizeBytes: Number(r.size_bytes),
      ratingHistogram: JSON.parse(r.rating_histogram),
      developerSlug: dev.slug,
      availability: r.availability ? JSON.parse(r.availability) : null,
      prices,
      screenshots: shots.map((s) => ({ position: s.position, url: `/media/${s.sha256}`, sha256: s.sha256 })),
      currentVersion: { version: r.version, updatedAt: r.updated_at, sizeBytes: Number(r.size_bytes) },
      createdAt: r.created_at,
    };
  }

  /** Drops cached views of an app (called after our own writes and on app events from any process). */
  async forgetApp(bundleId: string): Promise<void> {
    await this.d.cache.del(detailKey(bundleId));
    this.listingGeneration++;
  }

  /** Price of a live app in a storefront (commerce asks this); null when not sold there. */
  async priceOf(db: Executor, bundleId: string, country: string): Promise<{ app: AppSummary; price: Price | null }> {
    const found = await repo.findAppWithPrice(db, bundleId, country);
    if (found?.app.status !== 'live') throw new AppError('app_not_found');
    const price = resolvePrice(found.app, found.override && { country, ...found.override }, country);
    return { app: toSummary(found.app), price };
  }

  async listApps(
    db: Executor,
    q: {
      category?: string;
      developerId?: string;
      sort: 'popular' | 'new' | 'name';
      limit: number;
      offset: number;
      country?: string;
      includeUnpublished?: boolean;
    },
  ): Promise<{ apps: AppSummary[]; total: number }> {
    if (q.category !== undefined) assertCategory(q.category);
    const statuses: AppStatus[] = q.includeUnpublished ? ['draft', 'live', 'removed'] : ['live'];
    // Public store pages are cached per listing generation (bumped on any app event).
    const cacheable = !q.includeUnpublished && !q.developerId;
    const key = `catalog:list:${this.listingGeneration}:${q.category ?? '*'}:${q.sort}:${q.limit}:${q.offset}:${q.country ?? ''}`;
    if (cacheable) {
      const hit = await this.d.cache.get<{ apps: AppSummary[]; total: number }>(key);
      if (hit) return hit;
    }
    const [rows, total] = await Promise.all([
      repo.listApps(db, { ...q, statuses }),
      this.countApps(db, { category: q.category, developerId: q.developerId, statuses }),
    ]);
    const country = q.country;
    const overrides = country
      ? await repo.pricesInCountry(
          db,
          rows.map((r) => r.id),
          country,
        )
      : [];
    const byApp = new Map(
      overrides.map((o) => [o.app_id, { country: o.country, priceMinor: Number(o.price_minor), currency: o.currency }]),
    );
    const result = {
      apps: rows.map((r) => toSummary(r, country ? resolvePrice(r, byApp.get(r.id), country) : undefined)),
      total,
    };
    if (cacheable) await this.d.cache.set(key, result, 30_000);
    return result;
  }

  private async countApps(db: Executor, q: { category?: string; developerId?: string; statuses: AppStatus[] }) {
    // Category totals come from the (cached) category counts rather than a count(*) per page view.
    if (q.category && !q.developerId && q.statuses.length === 1) {
      const counts = await this.categoryCounts(db);
      return counts.find((c) => c.name === q.category)?.count ?? 0;
    }
    if (!q.category && !q.developerId && q.statuses.length === 1) {
      return (await this.categoryCounts(db)).reduce((s, c) => s + c.count, 0);
    }
    return repo.countApps(db, q);
  }

  /** Every category with its number of live apps; cached briefly and dropped on catalog events. */
  async categoryCounts(db: Executor): Promise<Array<{ name: string; slug: string; count: number }>> {
    const cached = await this.d.cache.get<Array<{ name: string; slug: string; count: number }>>('catalog:category-counts');
    if (cached) return cached;
    const rows = await repo.countByCategory(db);
    const byName = new Map(rows.map((r) => [r.category, Number(r.n)]));
    const result = categories.map((name) => ({ name, slug: categorySlug(name), count: byName.get(name) ?? 0 }));
    await this.d.cache.set('catalog:category-counts', result, 60_000);
    return result;
  }

  async invalidateListings(): Promise<void> {
    this.listingGeneration++;
    await this.d.cache.del('catalog:category-counts');
  }

  /** Stores an icon image (checked by content, not just its Content-Type) and points the app at it. */
  async setIcon(db: Db, developerId: string, bundleId: string, body: Readable, contentType: string): Promise<AppDetail> {
    const guard = imageGuard(contentType);
    const app = await this.ownedApp(db, developerId, bundleId);
    const blob = await this.d.blobs.put(body, { maxBytes: this.d.mediaMaxBytes, transforms: [guard] });
    await inTransaction(db, async (trx) => {
      await repo.upsertBlob(trx, blob.sha256, blob.size, imageType(contentType), this.now());
      await repo.updateApp(trx, app.id, { icon_sha: blob.sha256, updated_at: this.now() });
      await this.emitUpdated(trx, app, ['icon']);
    });
    await this.forgetApp(bundleId);
    return this.getApp(db, bundleId, { ownerDeveloperId: developerId });
  }

  async addScreenshot(db: Db, developerId: string, bundleId: string, body: Readable, contentType: string): Promise<AppDetail> {
    const guard = imageGuard(contentType);
    const app = await this.ownedApp(db, developerId, bundleId);
    if ((await repo.screenshotsOf(db, app.id)).length >= MAX_SCREENSHOTS)
      throw new AppError('too_many_screenshots', `At most ${MAX_SCREENSHOTS} screenshots`);
    const blob = await this.d.blobs.put(body, { maxBytes: this.d.mediaMaxBytes, transforms: [guard] });
    await inTransaction(db, async (trx) => {
      const shots = await repo.screenshotsOf(trx, app.id);
      if (shots.length >= MAX_SCREENSHOTS) throw new AppError('too_many_screenshots');
      const position = shots.reduce((m, s) => Math.max(m, s.position), 0) + 1;
      await repo.upsertBlob(trx, blob.sha256, blob.size, imageType(contentType), this.now());
      await repo.insertScreenshot(trx, app.id, position, blob.sha256);
      await repo.updateApp(trx, app.id, { updated_at: this.now() });
      await this.emitUpdated(trx, app, ['screenshots']);
    });
    await this.forgetApp(bundleId);
    return this.getApp(db, bundleId, { ownerDeveloperId: developerId });
  }

  async removeScreenshot(db: Db, developerId: string, bundleId: string, position: number): Promise<AppDetail> {
    await inTransaction(db, async (trx) => {
      const app = await this.ownedApp(trx, developerId, bundleId);
      const r = await repo.deleteScreenshot(trx, app.id, position);
      if (Number(r.numDeletedRows) === 0) throw new AppError('media_not_found');
      await this.emitUpdated(trx, app, ['screenshots']);
    });
    await this.forgetApp(bundleId);
    return this.getApp(db, bundleId, { ownerDeveloperId: developerId });
  }

  /** A public media file (icon or screenshot) by hash, or media_not_found. */
  async publicMedia(db: Executor, sha256: string): Promise<{ sha256: string; size: number; contentType: string }> {
    const blob = await repo.findBlob(db, sha256);
    if (!blob || !(await repo.isPublicMedia(db, sha256))) throw new AppError('media_not_found');
    return { sha256, size: Number(blob.size), contentType: blob.content_type };
  }

  /**
   * Upserts a batch of imported apps by bundle id in one transaction: new apps are created
   * live, existing ones updated with the fields given. Returns how many were created/updated.
   */
  async importBatch(trx: Tx, records: ImportRecord[]): Promise<{ created: number; updated: number }> {
    const now = this.now();
    const devs = await this.d.accounts.ensureDevelopersByName(
      trx,
      records.map((r) => r.developer),
    );
    const existing = new Map(
      (
        await repo.findAppsByBundles(
          trx,
          records.map((r) => r.bundleId),
        )
      ).map((a) => [a.bundle_id, a]),
    );
    const fresh: repo.NewAppRow[] = [];
    let updated = 0;
    for (const rec of dedupeBy(records, (r) => r.bundleId, 'last')) {
      const dev = devs.get(rec.developer) as Developer;
      const cur = existing.get(rec.bundleId);
      const ratingCount = rec.ratingCount ?? Number(cur?.rating_count ?? 0);
      const ratingAverage = rec.ratingAverage ?? Number(cur?.rating_average ?? 0);
      const downloads = rec.downloads ?? Number(cur?.downloads ?? 0);
      const fields: Partial<repo.NewAppRow> = {
        developer_id: dev.id,
        developer_name: dev.name,
        name: rec.name,
        category: rec.category,
        ...(rec.subtitle !== undefined ? { subtitle: rec.subtitle } : {}),
        ...(rec.description !== undefined ? { description: rec.description } : {}),
        ...(rec.keywords !== undefined ? { keywords: JSON.stringify(normaliseKeywords(rec.keywords)) } : {}),
        ...(rec.priceMinor !== undefined ? { price_minor: rec.priceMinor } : {}),
        ...(rec.currency !== undefined ? { currency: rec.currency } : {}),
        ...(rec.version !== undefined ? { version: rec.version } : {}),
        ...(rec.ageRating !== undefined ? { age_rating: rec.ageRating } : {}),
        ...(rec.sizeBytes !== undefined ? { size_bytes: rec.sizeBytes } : {}),
        ...(rec.ratingAverage !== undefined || rec.ratingCount !== undefined
          ? {
              rating_average: ratingAverage,
              rating_count: ratingCount,
              rating_histogram: JSON.stringify(synthHistogram(ratingAverage, ratingCount)),
            }
          : {}),
        ...(rec.downloads !== undefined ? { downloads } : {}),
        popularity: popularityScore(downloads, ratingAverage, ratingCount),
        updated_at: rec.updatedAt ? toIso(rec.updatedAt) : now,
      };
      if (cur) {
        await repo.updateApp(trx, cur.id, { ...fields, status: cur.status === 'removed' ? 'live' : cur.status });
        await this.emitUpdated(trx, cur, ['import']);
        updated++;
      } else {
        const released = rec.releasedAt ? toIso(rec.releasedAt) : now;
        const defaults: repo.NewAppRow = {
          id: newId(),
          bundle_id: rec.bundleId,
          developer_id: dev.id,
          developer_name: dev.name,
          name: rec.name,
          subtitle: '',
          category: rec.category,
          description: '',
          keywords: '[]',
          age_rating: '4+',
          price_minor: 0,
          currency: 'USD',
          availability: null,
          icon_sha: null,
          version: '1.0.0',
          size_bytes: 0,
          rating_average: 0,
          rating_count: 0,
          rating_histogram: '[0,0,0,0,0]',
          downloads: 0,
          popularity: 0,
          status: 'live',
          released_at: released,
          created_at: now,
          updated_at: now,
        };
        fresh.push({ ...defaults, ...fields });
      }
    }
    await repo.insertApps(trx, fresh);
    if (fresh.length)
      await this.d.bus.emit(
        trx,
        fresh.map((r) => ({
          type: 'app.created' as const,
          aggregateId: r.id,
          payload: { appId: r.id, bundleId: r.bundle_id, developerId: r.developer_id },
        })),
      );
    return { created: fresh.length, updated };
  }

  /** Bulk-loads apps and price rows (demo seeding), then announces one catalog.bulk_loaded event. */
  async bulkLoad(
    database: Database,
    apps: repo.NewAppRow[],
    prices: Array<{ app_id: string; country: string; price_minor: number; currency: string }>,
  ) {
    await bulkInsert(database, 'apps', apps);
    await bulkInsert(database, 'app_prices', prices);
  }

  async announceBulkLoad(db: Db, count: number) {
    await this.d.bus.emit(db, { type: 'catalog.bulk_loaded', aggregateId: 'catalog', payload: { count } });
    await this.invalidateListings();
  }

  async countLiveApps(db: Executor): Promise<number> {
    return repo.countApps(db, { statuses: ['live'] });
  }

  /** Rating summary written by the reviews module (through its events), with the histogram. */
  async setRatingSummary(trx: Executor, appId: string, s: { average: number; count: number; histogram: number[] }) {
    const [app] = await repo.findAppsByIds(trx, [appId]);
    if (!app) return;
    await repo.updateApp(trx, appId, {
      rating_average: s.average,
      rating_count: s.count,
      rating_histogram: JSON.stringify(s.histogram),
      popularity: popularityScore(Number(app.downloads), s.average, s.count),
    });
    await this.emitApp(trx, 'app.stats_changed', app);
  }

  /** Adds to an app's download total (delivery and purchases report downloads through events). */
  async addDownloads(trx: Executor, appId: string, n: number) {
    const [app] = await repo.findAppsByIds(trx, [appId]);
    if (!app) return;
    const downloads = Number(app.downloads) + n;
    await repo.updateApp(trx, appId, {
      downloads,
      popularity: popularityScore(downloads, Number(app.rating_average), Number(app.rating_count)),
    });
    await this.emitApp(trx, 'app.stats_changed', app);
  }

  /**
   * Points the listing at a version that just went on sale (the releases module calls this when
   * a version becomes READY_FOR_SALE, or falls back after one is removed); a draft app goes live
   * with its first release.
   */
  async setCurrentVersion(trx: Executor, appId: string, v: { version: string; sizeBytes: number }) {
    const [app] = await repo.findAppsByIds(trx, [appId]);
    if (!app) return;
    const now = this.now();
    const goLive = app.status === 'draft';
    await repo.updateApp(trx, appId, {
      version: v.version,
      size_bytes: v.sizeBytes,
      updated_at: now,
      ...(goLive ? { status: 'live' as const, released_at: now } : {}),
    });
    await this.emitUpdated(trx, app, goLive ? ['version', 'status'] : ['version']);
  }

  /** Copies a developer's new name onto their apps; app.updated per app refreshes caches and the search index. */
  async renameDeveloper(trx: Executor, developerId: string, name: string) {
    await repo.renameDeveloperOnApps(trx, developerId, name);
    const apps = await repo.appRefsOfDeveloper(trx, developerId);
    for (let i = 0; i < apps.length; i += 500)
      await this.d.bus.emit(
        trx,
        apps.slice(i, i + 500).map((a) => ({
          type: 'app.updated' as const,
          aggregateId: a.id,
          payload: { appId: a.id, bundleId: a.bundle_id, developerId, fields: ['developer'] },
        })),
      );
  }

  /** Full rows by id, for index builds and replicas (search, charts). */
  async appsByIds(db: Executor, ids: string[]) {
    return repo.findAppsByIds(db, ids);
  }

  /** Summaries of apps by id, whatever their status (libraries and purchase histories show what was bought). */
  async summariesByIds(db: Executor, ids: string[]): Promise<AppSummary[]> {
    return (await repo.findAppsByIds(db, ids)).map((r) => toSummary(r));
  }

  /** Keyset scan over every app in id order. */
  async scan(db: Executor, afterId: string, limit: number) {
    return repo.scanApps(db, afterId, limit);
  }

  /** Keyset scan over live apps with only what ranking needs (charts). */
  async scanForRanking(db: Executor, afterId: string, limit: number) {
    return repo.scanForRanking(db, afterId, limit);
  }

  /** Ids of every app a developer owns, any status (reviews' developer inbox asks). */
  async appIdsOfDeveloper(db: Executor, developerId: string): Promise<string[]> {
    return (await repo.appIdsOfDeveloper(db, developerId)).map((r) => r.id);
  }

  async appIdForBundle(db: Executor, bundleId: string): Promise<string | undefined> {
    return (await repo.findAppByBundle(db, bundleId))?.id;
  }
}

const detailKey = (bundleId: string) => `catalog:app:${bundleId}`;

export function assertCategory(c: string): void {
  if (!isCategory(c)) throw new AppError('unknown_category', `Unknown category "${c}"`, { allowed: categories });
}

function normaliseKeywords(k: string[]): string[] {
  return [...new Set(k.map((s) => s.trim().toLowerCase()).filter(Boolean))].slice(0, 30);
}

function dedupeBy<T>(items: T[], key: (t: T) => string, keep: 'first' | 'last' = 'first'): T[] {
  const m = new Map<string, T>();
  for (const it of items) if (keep === 'last' || !m.has(key(it))) m.set(key(it), it);
  return [...m.values()];
}

function toIso(d: string): string {
  const t = Date.parse(d);
  return Number.isNaN(t) ? new Date(0).toISOString() : new Date(t).toISOString();
}
