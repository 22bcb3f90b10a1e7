/**
 * Analytics: device usage ingestion (deduplicated by event id), daily engagement aggregates
 * (DAU, MAU, session length, day-1/day-7 retention by install cohort), downloads and revenue
 * per app, country and day, and the per-account facts (downloads, purchases, ratings,
 * fingerprints) that the charts weigh by trust. Raw usage events are folded into daily rows
 * by the compaction job, so storage grows with active users per day, not with events.
 */
import type { Db, Executor, Tx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { type Clock, DAY_MS, utcDay } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import { sha256Hex } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { ReviewsService } from '../reviews/reviews.service.js';
import * as repo from './analytics.repository.js';

registerErrors({
  usage_batch_too_large: { status: 413, title: 'Too many usage events in one batch' },
});

export const MAX_USAGE_BATCH = 1000;
export const USAGE_KINDS = ['app_open', 'session'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export interface UsageEvent {
  id: string;
  type: UsageKind;
  bundleId: string;
  /** ISO timestamp of when it happened on the device. */
  at: string;
  /** Session length (type session). */
  durationSeconds?: number;
}

export type RejectReason = 'unknown_app' | 'future_timestamp' | 'too_old' | 'invalid_timestamp';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: Array<{ index: number; id: string; reason: RejectReason }>;
}

export interface AnalyticsConfig {
  /** Events older than this are refused (and their ids forgotten after it). */
  lateDays: number;
  /** Tolerated device clock skew into the future. */
  futureSkewMs: number;
  /** How long per-user activity days are kept (the MAU window needs 30). */
  userDaysRetention: number;
}

export interface AnalyticsDeps {
  clock: Clock;
  catalog: CatalogService;
  reviews: ReviewsService;
  config: AnalyticsConfig;
}

const addDays = (day: string, n: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

/** What analytics needs of a purchase.completed event. */
export interface CompletedPurchase {
  purchaseId: string;
  userId: string;
  appId: string;
  productId: string | null;
  amountMinor: number;
  currency: string;
  country: string;
}

export class AnalyticsService {
  private readonly appIds = new Map<string, string | null>();

  constructor(private readonly d: AnalyticsDeps) {}

  /**
   * Takes a batch of device usage events for `userId`. Each event is checked on its own:
   * unknown apps, future or too-old timestamps are rejected and counted without failing the
   * batch; an event id seen before is a duplicate (also across concurrent calls).
   */
  async ingest(db: Db, userId: string, events: UsageEvent[], fingerprint?: string): Promise<IngestResult> {
    if (events.length > MAX_USAGE_BATCH) throw new AppError('usage_batch_too_large', `At most ${MAX_USAGE_BATCH} events per call`);
    const now = this.d.clock.now().getTime();
    const oldest = now - this.d.config.lateDays * DAY_MS;
    const result: IngestResult = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
    const ids = await this.resolveApps(db, [...new Set(events.map((e) => e.bundleId))]);
    const valid: repo.RawUsage[] = [];
    const seenInBatch = new Set<string>();
    events.forEach((e, index) => {
      const t = Date.parse(e.at);
      const appId = ids.get(e.bundleId);
      let reason: RejectReason | undefined;
      if (Number.isNaN(t)) reason = 'invalid_timestamp';
      else if (t > now + this.d.config.futureSkewMs) reason = 'future_timestamp';
      else if (t < oldest) reason = 'too_old';
      else if (!appId) reason = 'unknown_app';
      if (reason) {
        result.rejected++;
        result.errors.push({ index, id: e.id, reason });
        return;
      }
      if (seenInBatch.has(e.id)) {
        result.duplicates++;
        return;
      }
      seenInBatch.add(e.id);
      const seconds = e.type === 'session' ? Math.max(0, Math.min(86_400, Math.round(e.durationSeconds ?? 0))) : 0;
      valid.push({
        event_id: e.id,
        app_id: appId as string,
        user_id: userId,
        kind: e.type,
        day: utcDay(new Date(t)),
        seconds,
        at: new Date(t).toISOString(),
      });
    });
    if (valid.length > 0 || fingerprint) {
      await inTransaction(db, async (trx) => {
        const fresh = valid.length
          ? await repo.claimEventIds(
              trx,
              valid.map((v) => ({ event_id: v.event_id, day: v.day })),
            )
          : new Set();
        const rows = valid.filter((v) => fresh.has(v.event_id));
        await repo.insertRaw(trx, rows);
        if (fingerprint) await repo.upsertFingerprint(trx, fingerprint, userId, utcDay(new Date(now)));
        result.accepted = rows.length;
        result.duplicates += valid.length - rows.length;
      });
    }
    return result;
  }

  /** A stable, non-reversible fingerprint of a device's network and client. */
  fingerprint(ip: string, userAgent: string | undefined): string {
    // the /24 (IPv4) or /48 (IPv6) network, so devices behind one NAT or farm share it
    const net = ip.includes(':') ? ip.split(':').slice(0, 3).join(':') : ip.split('.').slice(0, 3).join('.');
    return sha256Hex(`${net}|${userAgent ?? ''}`).slice(0, 32);
  }

  private async resolveApps(db: Executor, bundleIds: string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const b of bundleIds) {
      let id = this.appIds.get(b);
      if (id === undefined) {
        id = (await this.d.catalog.appIdForBundle(db, b)) ?? null;
        // unknown bundles are remembered briefly only (an app may be created later)
        if (id) this.appIds.set(b, id);
        if (this.appIds.size > 100_000) this.appIds.clear();
      }
      out.set(b, id);
    }
    return out;
  }

  /**
   * Folds raw usage events into per-user days and recomputes the daily rows they touch, then
   * prunes what is no longer needed. Returns how many raw events were compacted.
   */
  async compact(db: Db, batchSize = 5000): Promise<{ events: number; days: number }> {
    let events = 0;
    const touched = new Set<string>();
    for (;;) {
      const n = await inTransaction(db, async (trx) => {
        const raw = await repo.takeRawBatch(trx, batchSize);
        if (raw.length === 0) return 0;
        const perUserDay = new Map<string, { app_id: string; user_id: string; day: string; sessions: number; seconds: number }>();
        for (const r of raw) {
          const k = `${r.app_id}|${r.user_id}|${r.day}`;
          const cur = perUserDay.get(k) ?? { app_id: r.app_id, user_id: r.user_id, day: r.day, sessions: 0, seconds: 0 };
          if (r.kind === 'session') {
            cur.sessions += 1;
            cur.seconds += r.seconds;
          }
          perUserDay.set(k, cur);
        }
        for (const u of perUserDay.values()) {
          await repo.addUserDay(trx, u);
          await repo.touchAppUser(trx, u.app_id, u.user_id, u.day);
          touched.add(`${u.app_id}|${u.day}`);
          // this day may be the day-1 or day-7 return of an earlier cohort
          touched.add(`${u.app_id}|${addDays(u.day, -1)}`);
          touched.add(`${u.app_id}|${addDays(u.day, -7)}`);
        }
        await repo.deleteRaw(
          trx,
          raw.map((r) => r.event_id),
        );
        return raw.length;
      });
      events += n;
      if (n < batchSize) break;
    }
    const byDay = new Map<string, string[]>();
    for (const key of touched) {
      const [appId, day] = key.split('|') as [string, string];
      const l = byDay.get(day) ?? [];
      l.push(appId);
      byDay.set(day, l);
    }
    for (const [day, appIds] of byDay)
      await inTransaction(db, (trx) => repo.recomputeDaily(trx, appIds, day, addDays(day, -29), addDays(day, 1), addDays(day, 7)));
    const today = utcDay(this.d.clock.now());
    await repo.pruneEventIds(db, addDays(today, -(this.d.config.lateDays + 1)));
    await repo.pruneUserDays(db, addDays(today, -this.d.config.userDaysRetention));
    return { events, days: touched.size };
  }

  /** A download (install or re-download) by a user: a fact for trust weighting and the daily count. */
  async recordDownload(
    trx: Tx,
    e: { userId: string; appId: string; country: string; day: string },
    source: 'download' | 'purchase' = 'download',
  ) {
    await this.recordDownloads(trx, [e], source);
  }

  /** Several downloads at once: new facts (one per app, user and day) add to the daily counts and first days. */
  async recordDownloads(
    trx: Tx,
    list: Array<{ userId: string; appId: string; country: string; day: string }>,
    source: 'download' | 'purchase' = 'download',
  ) {
    const fresh = await repo.addDownloadFacts(
      trx,
      list.map((e) => ({ app_id: e.appId, user_id: e.userId, day: e.day, country: e.country, source })),
    );
    const daily = new Map<string, { app_id: string; day: string; country: string; count: number }>();
    const firstDays = new Map<string, { app_id: string; user_id: string; first_day: string }>();
    for (const f of fresh) {
      const d = daily.get(`${f.app_id}|${f.day}|${f.country}`) ?? { app_id: f.app_id, day: f.day, country: f.country, count: 0 };
      d.count++;
      daily.set(`${f.app_id}|${f.day}|${f.country}`, d);
      const u = firstDays.get(`${f.app_id}|${f.user_id}`);
      if (!u || f.day < u.first_day) firstDays.set(`${f.app_id}|${f.user_id}`, { app_id: f.app_id, user_id: f.user_id, first_day: f.day });
    }
    await repo.bumpDownloadsDailyMany(trx, [...daily.values()]);
    await repo.touchAppUsers(trx, [...firstDays.values()]);
  }

  /** A completed purchase: revenue per app, country and day; buying an app also counts as its download. */
  async recordPurchase(trx: Tx, p: CompletedPurchase, day: string) {
    await this.recordPurchases(trx, [{ p, day }]);
  }

  /** Several completed purchases (a polled batch of events); purchases seen before are skipped. */
  async recordPurchases(trx: Tx, list: Array<{ p: CompletedPurchase; day: string }>) {
    const fresh = await repo.addPurchaseFacts(
      trx,
      list.map(({ p, day }) => ({
        purchase_id: p.purchaseId,
        user_id: p.userId,
        app_id: p.appId,
        day,
        country: p.country,
        currency: p.currency,
        amount_minor: p.amountMinor,
      })),
    );
    const added = list.filter(({ p }) => fresh.has(p.purchaseId));
    const revenue = new Map<string, repo.RevenueBump>();
    for (const { p, day } of added) {
      const k = `${p.appId}|${day}|${p.country}|${p.currency}`;
      const r = revenue.get(k) ?? { app_id: p.appId, day, country: p.country, currency: p.currency, amount: 0, purchases: 0, refunds: 0 };
      r.amount += p.amountMinor;
      r.purchases++;
      revenue.set(k, r);
    }
    await repo.bumpRevenueMany(trx, [...revenue.values()]);
    const apps = added.filter(({ p }) => p.productId === null);
    await this.recordDownloads(
      trx,
      apps.map(({ p, day }) => ({ userId: p.userId, appId: p.appId, country: p.country, day })),
      'purchase',
    );
  }

  /** A refund takes the amount off the day of the refund. */
  async recordRefund(trx: Tx, purchaseId: string, day: string) {
    const f = await repo.refundPurchaseFact(trx, purchaseId);
    if (!f) return; // unknown (bought before analytics) or already refunded
    await repo.bumpRevenue(trx, {
      app_id: f.app_id,
      day,
      country: f.country,
      currency: f.currency,
      amount: -Number(f.amount_minor),
      purchases: 0,
      refunds: 1,
    });
  }

  /** Keeps the latest rating of a review for trust-weighted rating quality. */
  async recordReview(trx: Tx, reviewId: string) {
    const r = await this.d.reviews.getRow(trx, reviewId);
    if (!r) return;
    const visible = !r.deleted_at && !r.held_by && (r.status === 'approved' || r.status === 'pending') ? 1 : 0;
    await repo.upsertRating(trx, { app_id: r.app_id, user_id: r.user_id, rating: r.rating, visible, day: utcDay(new Date(r.updated_at)) });
  }

  // ---- developer reads ----

  async engagement(db: Executor, appId: string, from: string, to: string) {
    return (await repo.usageDaily(db, appId, from, to)).map((r) => ({
      day: r.day,
      dau: Number(r.dau),
      mau: Number(r.mau),
      sessions: Number(r.sessions),
      avgSessionMinutes: Number(r.sessions) > 0 ? Math.round((Number(r.seconds) / Number(r.sessions) / 60) * 100) / 100 : 0,
      cohort: Number(r.cohort),
      day1Retention: Number(r.cohort) > 0 ? Number(r.d1) / Number(r.cohort) : null,
      day7Retention: Number(r.cohort) > 0 ? Number(r.d7) / Number(r.cohort) : null,
    }));
  }

  async downloads(db: Executor, appId: string, from: string, to: string) {
    return (await repo.downloadsDaily(db, appId, from, to)).map((r) => ({ day: r.day, country: r.country, count: Number(r.count) }));
  }

  async revenue(db: Executor, appId: string, from: string, to: string) {
    return (await repo.revenueDaily(db, appId, from, to)).map((r) => ({
      day: r.day,
      country: r.country,
      currency: r.currency,
      amountMinor: Number(r.amount_minor),
      purchases: Number(r.purchases),
      refunds: Number(r.refunds),
    }));
  }

  // ---- inputs of the ranking and recommendation jobs (read-only) ----

  async engagementSince(db: Executor, from: string) {
    return repo.engagementSince(db, from);
  }
  async downloadFactsOfRange(db: Executor, from: string, lo: string, hi: string) {
    return repo.downloadFactsOfRange(db, from, lo, hi);
  }
  async revenueSince(db: Executor, from: string) {
    return repo.revenueSince(db, from);
  }
  async ratingFacts(db: Executor) {
    return repo.ratingFacts(db);
  }
  async payingUsers(db: Executor, userIds: string[]) {
    return repo.payingUsers(db, userIds);
  }
  async fingerprintSharing(db: Executor, userIds: string[]) {
    return repo.fingerprintSharing(db, userIds);
  }
  async userHistory(db: Executor, userId: string, limit = 50) {
    return repo.userHistory(db, userId, limit);
  }
  async interactionsPage(db: Executor, after: { user: string; app: string; day: string } | null, limit: number) {
    return repo.interactionsPage(db, after, limit);
  }
}
