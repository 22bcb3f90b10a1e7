/** All SQL of the analytics module. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { PurchaseFactsTable } from './analytics.tables.js';

export interface RawUsage {
  event_id: string;
  app_id: string;
  user_id: string;
  kind: string;
  day: string;
  seconds: number;
  at: string;
}

/** Takes event ids not seen before; returns the ids that were new (the rest are duplicates). */
export async function claimEventIds(db: Executor, rows: Array<{ event_id: string; day: string }>): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (let i = 0; i < rows.length; i += 400) {
    const got = await db
      .insertInto('usage_event_ids')
      .values(rows.slice(i, i + 400))
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    for (const r of got) fresh.add(r.event_id);
  }
  return fresh;
}

export async function insertRaw(db: Executor, rows: RawUsage[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('usage_events_raw')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
}

export async function upsertFingerprint(db: Executor, fingerprint: string, userId: string, day: string): Promise<void> {
  await db
    .insertInto('user_fingerprints')
    .values({ fingerprint, user_id: userId, last_day: day })
    .onConflict((oc) => oc.columns(['fingerprint', 'user_id']).doUpdateSet({ last_day: day }))
    .execute();
}

export async function takeRawBatch(db: Executor, limit: number): Promise<RawUsage[]> {
  return db.selectFrom('usage_events_raw').selectAll().orderBy('event_id').limit(limit).execute();
}

export async function deleteRaw(db: Executor, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('usage_events_raw')
      .where('event_id', 'in', ids.slice(i, i + 500))
      .execute();
}

export async function addUserDay(db: Executor, r: { app_id: string; user_id: string; day: string; sessions: number; seconds: number }) {
  await db
    .insertInto('usage_user_days')
    .values(r)
    .onConflict((oc) =>
      oc.columns(['app_id', 'day', 'user_id']).doUpdateSet({
        sessions: sql`usage_user_days.sessions + ${r.sessions}`,
        seconds: sql`usage_user_days.seconds + ${r.seconds}`,
      }),
    )
    .execute();
}

/** Records the first day a user was seen with an app (install cohort); an earlier day wins. */
export async function touchAppUser(db: Executor, appId: string, userId: string, day: string) {
  await touchAppUsers(db, [{ app_id: appId, user_id: userId, first_day: day }]);
}

/** Several (app, user) first days at once; each (app, user) at most once per call. */
export async function touchAppUsers(db: Executor, rows: Array<{ app_id: string; user_id: string; first_day: string }>) {
  if (rows.length === 0) return;
  await db
    .insertInto('app_users')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['app_id', 'user_id']).doUpdateSet({
        first_day: sql`case when excluded.first_day < app_users.first_day then excluded.first_day else app_users.first_day end`,
      }),
    )
    .execute();
}

/**
 * Recomputes the daily engagement rows of many apps for one day from the per-user rows:
 * a handful of grouped queries per 500 apps, whatever the number of users.
 */
export async function recomputeDaily(db: Executor, appIds: string[], day: string, monthStart: string, d1Day: string, d7Day: string) {
  for (let i = 0; i < appIds.length; i += 500) {
    const ids = appIds.slice(i, i + 500);
    const rows = new Map(ids.map((id) => [id, { app_id: id, day, dau: 0, mau: 0, sessions: 0, seconds: 0, cohort: 0, d1: 0, d7: 0 }]));
    const row = (id: string) => rows.get(id) as NonNullable<ReturnType<typeof rows.get>>;
    for (const r of await db
      .selectFrom('usage_user_days')
      .select([
        'app_id',
        sql<number>`count(*)`.as('dau'),
        sql<number>`sum(sessions)`.as('sessions'),
        sql<number>`sum(seconds)`.as('seconds'),
      ])
      .where('app_id', 'in', ids)
      .where('day', '=', day)
      .groupBy('app_id')
      .execute())
      Object.assign(row(r.app_id), { dau: Number(r.dau), sessions: Number(r.sessions), seconds: Number(r.seconds) });
    for (const r of await db
      .selectFrom('usage_user_days')
      .select(['app_id', sql<number>`count(distinct user_id)`.as('n')])
      .where('app_id', 'in', ids)
      .where('day', '>=', monthStart)
      .where('day', '<=', day)
      .groupBy('app_id')
      .execute())
      row(r.app_id).mau = Number(r.n);
    for (const r of await db
      .selectFrom('app_users')
      .select(['app_id', sql<number>`count(*)`.as('n')])
      .where('app_id', 'in', ids)
      .where('first_day', '=', day)
      .groupBy('app_id')
      .execute())
      row(r.app_id).cohort = Number(r.n);
    for (const [on, field] of [
      [d1Day, 'd1'],
      [d7Day, 'd7'],
    ] as const)
      for (const r of await db
        .selectFrom('app_users as u')
        .innerJoin('usage_user_days as d', (j) => j.onRef('d.app_id', '=', 'u.app_id').onRef('d.user_id', '=', 'u.user_id'))
        .select(['u.app_id', sql<number>`count(*)`.as('n')])
        .where('u.app_id', 'in', ids)
        .where('u.first_day', '=', day)
        .where('d.day', '=', on)
        .groupBy('u.app_id')
        .execute())
        row(r.app_id)[field] = Number(r.n);
    // a day without users or cohort needs no row (figures only ever grow, so none is lost)
    const values = [...rows.values()].filter((r) => r.dau > 0 || r.cohort > 0);
    for (let k = 0; k < values.length; k += 100)
      await db
        .insertInto('usage_daily')
        .values(values.slice(k, k + 100))
        .onConflict((oc) =>
          oc.columns(['app_id', 'day']).doUpdateSet({
            dau: sql`excluded.dau`,
            mau: sql`excluded.mau`,
            sessions: sql`excluded.sessions`,
            seconds: sql`excluded.seconds`,
            cohort: sql`excluded.cohort`,
            d1: sql`excluded.d1`,
            d7: sql`excluded.d7`,
          }),
        )
        .execute();
  }
}

export async function pruneEventIds(db: Executor, beforeDay: string) {
  return Number((await db.deleteFrom('usage_event_ids').where('day', '<', beforeDay).executeTakeFirst()).numDeletedRows);
}
export async function pruneUserDays(db: Executor, beforeDay: string) {
  return Number((await db.deleteFrom('usage_user_days').where('day', '<', beforeDay).executeTakeFirst()).numDeletedRows);
}

/** Inserts a download fact; true when it is new (a user counts once per app and day). */
export type DownloadFact = { app_id: string; user_id: string; day: string; country: string; source: 'download' | 'purchase' };

export async function addDownloadFact(db: Executor, f: DownloadFact): Promise<boolean> {
  return (await addDownloadFacts(db, [f])).length === 1;
}

/** Inserts the facts not seen before (one per app, user and day); returns those that were new. */
export async function addDownloadFacts(db: Executor, facts: DownloadFact[]): Promise<DownloadFact[]> {
  if (facts.length === 0) return [];
  const fresh = await db
    .insertInto('download_facts')
    .values(facts)
    .onConflict((oc) => oc.columns(['app_id', 'user_id', 'day']).doNothing())
    .returning(['app_id', 'user_id', 'day'])
    .execute();
  const isNew = new Set(fresh.map((r) => `${r.app_id}|${r.user_id}|${r.day}`));
  return facts.filter((f) => isNew.delete(`${f.app_id}|${f.user_id}|${f.day}`));
}

export async function bumpDownloadsDaily(db: Executor, appId: string, day: string, country: string, n: number) {
  await bumpDownloadsDailyMany(db, [{ app_id: appId, day, country, count: n }]);
}

/** Adds to several daily download counts; each (app, day, country) at most once per call. */
export async function bumpDownloadsDailyMany(db: Executor, rows: Array<{ app_id: string; day: string; country: string; count: number }>) {
  if (rows.length === 0) return;
  await db
    .insertInto('downloads_daily')
    .values(rows)
    .onConflict((oc) => oc.columns(['app_id', 'day', 'country']).doUpdateSet({ count: sql`downloads_daily.count + excluded.count` }))
    .execute();
}

export type PurchaseFact = Omit<PurchaseFactsTable, 'refunded'>;

export async function addPurchaseFact(db: Executor, f: PurchaseFact): Promise<boolean> {
  return (await addPurchaseFacts(db, [f])).has(f.purchase_id);
}

/** Inserts the facts of purchases not seen before; returns their purchase ids. */
export async function addPurchaseFacts(db: Executor, facts: PurchaseFact[]): Promise<Set<string>> {
  if (facts.length === 0) return new Set();
  const fresh = await db
    .insertInto('purchase_facts')
    .values(facts.map((f) => ({ ...f, refunded: 0 })))
    .onConflict((oc) => oc.column('purchase_id').doNothing())
    .returning('purchase_id')
    .execute();
  return new Set(fresh.map((r) => r.purchase_id));
}

/** Marks a purchase refunded; returns the fact when it was not refunded before. */
export async function refundPurchaseFact(db: Executor, purchaseId: string) {
  const row = await db.selectFrom('purchase_facts').selectAll().where('purchase_id', '=', purchaseId).executeTakeFirst();
  if (!row || row.refunded) return undefined;
  await db.updateTable('purchase_facts').set({ refunded: 1 }).where('purchase_id', '=', purchaseId).execute();
  return row;
}

export type RevenueBump = {
  app_id: string;
  day: string;
  country: string;
  currency: string;
  amount: number;
  purchases: number;
  refunds: number;
};

export async function bumpRevenue(db: Executor, r: RevenueBump) {
  await bumpRevenueMany(db, [r]);
}

/** Adds to several daily revenue rows; each (app, day, country, currency) at most once per call. */
export async function bumpRevenueMany(db: Executor, rows: RevenueBump[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('revenue_daily')
    .values(
      rows.map((r) => ({
        app_id: r.app_id,
        day: r.day,
        country: r.country,
        currency: r.currency,
        amount_minor: r.amount,
        purchases: r.purchases,
        refunds: r.refunds,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['app_id', 'day', 'country', 'currency']).doUpdateSet({
        amount_minor: sql`revenue_daily.amount_minor + excluded.amount_minor`,
        purchases: sql`revenue_daily.purchases + excluded.purchases`,
        refunds: sql`revenue_daily.refunds + excluded.refunds`,
      }),
    )
    .execute();
}

export async function upsertRating(db: Executor, f: { app_id: string; user_id: string; rating: number; visible: number; day: string }) {
  await db
    .insertInto('rating_facts')
    .values(f)
    .onConflict((oc) => oc.columns(['app_id', 'user_id']).doUpdateSet({ rating: f.rating, visible: f.visible, day: f.day }))
    .execute();
}

// ---- reads ----

export async function usageDaily(db: Executor, appId: string, from: string, to: string) {
  return db
    .selectFrom('usage_daily')
    .selectAll()
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

export async function downloadsDaily(db: Executor, appId: string, from: string, to: string) {
  return db
    .selectFrom('downloads_daily')
    .select(['day', 'country', 'count'])
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

export async function revenueDaily(db: Executor, appId: string, from: string, to: string) {
  return db
    .selectFrom('revenue_daily')
    .select(['day', 'country', 'currency', 'amount_minor', 'purchases', 'refunds'])
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** Engagement of every app over a window, aggregated (the ranking job reads this). */
export async function engagementSince(db: Executor, from: string) {
  return db
    .selectFrom('usage_daily')
    .select([
      'app_id',
      sql<number>`avg(case when mau > 0 then cast(dau as real) / mau else 0 end)`.as('stickiness'),
      sql<number>`sum(sessions)`.as('sessions'),
      sql<number>`sum(seconds)`.as('seconds'),
      sql<number>`sum(cohort)`.as('cohort'),
      sql<number>`sum(d1)`.as('d1'),
      sql<number>`sum(d7)`.as('d7'),
    ])
    .where('day', '>=', from)
    .groupBy('app_id')
    .execute();
}

/** Download facts since a day of the apps with ids in [lo, hi], ordered by the primary key. */
export async function downloadFactsOfRange(db: Executor, from: string, lo: string, hi: string) {
  return db
    .selectFrom('download_facts')
    .select(['app_id', 'user_id', 'day', 'country'])
    .where('app_id', '>=', lo)
    .where('app_id', '<=', hi)
    .where('day', '>=', from)
    .orderBy('app_id')
    .orderBy('user_id')
    .orderBy('day')
    .execute();
}

export async function revenueSince(db: Executor, from: string) {
  return db.selectFrom('revenue_daily').select(['app_id', 'country', 'day', 'amount_minor']).where('day', '>=', from).execute();
}

export async function ratingFacts(db: Executor) {
  return db.selectFrom('rating_facts').select(['app_id', 'user_id', 'rating']).where('visible', '=', 1).execute();
}

export async function payingUsers(db: Executor, userIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('purchase_facts')
      .select('user_id')
      .distinct()
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .where('amount_minor', '>', 0)
      .where('refunded', '=', 0)
      .execute();
    for (const r of rows) out.add(r.user_id);
  }
  return out;
}

/** Accounts that share each fingerprint, for the given users. */
export async function fingerprintSharing(db: Executor, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('user_fingerprints as f')
      .innerJoin('user_fingerprints as o', 'o.fingerprint', 'f.fingerprint')
      .select(['f.user_id', sql<number>`count(distinct o.user_id)`.as('n')])
      .where('f.user_id', 'in', userIds.slice(i, i + 500))
      .groupBy('f.user_id')
      .execute();
    for (const r of rows) out.set(r.user_id, Number(r.n));
  }
  return out;
}

/** What a user downloaded or bought, most recent first (recommendations). */
export async function userHistory(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('download_facts')
    .select(['app_id', sql<string>`max(day)`.as('day')])
    .where('user_id', '=', userId)
    .groupBy('app_id')
    .orderBy(sql`max(day)`, 'desc')
    .orderBy('app_id')
    .limit(limit)
    .execute();
}

/** Every download fact, in pages ordered by user (model training); keyset over (user, app, day). */
export async function interactionsPage(db: Executor, after: { user: string; app: string; day: string } | null, limit: number) {
  let q = db
    .selectFrom('download_facts')
    .select(['user_id', 'app_id', 'day'])
    .orderBy('user_id')
    .orderBy('app_id')
    .orderBy('day')
    .limit(limit);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('user_id', '>', after.user),
        eb.and([eb('user_id', '=', after.user), eb('app_id', '>', after.app)]),
        eb.and([eb('user_id', '=', after.user), eb('app_id', '=', after.app), eb('day', '>', after.day)]),
      ]),
    );
  return q.execute();
}
