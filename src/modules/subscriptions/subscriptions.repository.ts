/** All SQL of the subscriptions module. State changes are compare-and-set updates. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type {
  SubscriptionChargesTable,
  SubscriptionGroupsTable,
  SubscriptionPricesTable,
  SubscriptionProductsTable,
  SubscriptionStatus,
  SubscriptionsTable,
} from './subscriptions.tables.js';

export type SubRow = SubscriptionsTable;
export type ProductRow = SubscriptionProductsTable;
export type ChargeRow = SubscriptionChargesTable;

// ── groups, products, prices, settings ────────────────────────────────────────
export const insertGroup = (db: Executor, row: SubscriptionGroupsTable) => db.insertInto('subscription_groups').values(row).execute();
export const listGroups = (db: Executor, appId: string) =>
  db.selectFrom('subscription_groups').selectAll().where('app_id', '=', appId).orderBy('created_at').execute();
export const findGroup = (db: Executor, appId: string, id: string) =>
  db.selectFrom('subscription_groups').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();

export const insertProduct = (db: Executor, row: ProductRow) => db.insertInto('subscription_products').values(row).execute();
export const updateProduct = (db: Executor, id: string, patch: Partial<ProductRow>) =>
  db.updateTable('subscription_products').set(patch).where('id', '=', id).execute();
export const findProduct = (db: Executor, appId: string, productId: string) =>
  db
    .selectFrom('subscription_products')
    .selectAll()
    .where('app_id', '=', appId)
    .where('product_id', '=', productId)
    .executeTakeFirst() as Promise<ProductRow | undefined>;
export const productById = (db: Executor, id: string) =>
  db.selectFrom('subscription_products').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ProductRow | undefined>;
export const productsOfApp = (db: Executor, appId: string) =>
  db.selectFrom('subscription_products').selectAll().where('app_id', '=', appId).orderBy('group_id').orderBy('level').execute() as Promise<
    ProductRow[]
  >;

export const pricesOf = (db: Executor, ids: string[]) =>
  ids.length ? db.selectFrom('subscription_prices').selectAll().where('sub_product_id', 'in', ids).execute() : Promise.resolve([]);
export const priceIn = (db: Executor, id: string, country: string) =>
  db
    .selectFrom('subscription_prices')
    .selectAll()
    .where('sub_product_id', '=', id)
    .where('country', '=', country)
    .executeTakeFirst() as Promise<SubscriptionPricesTable | undefined>;
export async function replacePrices(db: Executor, id: string, rows: SubscriptionPricesTable[]) {
  await db.deleteFrom('subscription_prices').where('sub_product_id', '=', id).execute();
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('subscription_prices')
      .values(rows.slice(i, i + 200))
      .execute();
}

export const graceDaysOf = async (db: Executor, appId: string) =>
  (await db.selectFrom('subscription_settings').select('grace_period_days').where('app_id', '=', appId).executeTakeFirst())
    ?.grace_period_days;
export const upsertSettings = (db: Executor, appId: string, graceDays: number, now: string) =>
  db
    .insertInto('subscription_settings')
    .values({ app_id: appId, grace_period_days: graceDays, updated_at: now })
    .onConflict((oc) => oc.column('app_id').doUpdateSet({ grace_period_days: graceDays, updated_at: now }))
    .execute();

// ── subscriptions ────────────────────────────────────────────────────────────
export const insertSub = (db: Executor, row: SubRow) => db.insertInto('subscriptions').values(row).execute();
export const findSub = (db: Executor, id: string) =>
  db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst() as Promise<SubRow | undefined>;
export const findForUserGroup = (db: Executor, userId: string, groupId: string) =>
  db.selectFrom('subscriptions').selectAll().where('user_id', '=', userId).where('group_id', '=', groupId).executeTakeFirst() as Promise<
    SubRow | undefined
  >;
export const findByOriginal = (db: Executor, originalTransactionId: string) =>
  db.selectFrom('subscriptions').selectAll().where('original_transaction_id', '=', originalTransactionId).executeTakeFirst() as Promise<
    SubRow | undefined
  >;
export const listForUser = (db: Executor, userId: string) =>
  db.selectFrom('subscriptions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute() as Promise<SubRow[]>;
export const listForApp = (db: Executor, appId: string, limit: number, offset: number, status?: SubscriptionStatus) => {
  let q = db.selectFrom('subscriptions').selectAll().where('app_id', '=', appId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('created_at', 'desc').limit(limit).offset(offset).execute() as Promise<SubRow[]>;
};
export const countByStatus = (db: Executor, appId: string) =>
  db
    .selectFrom('subscriptions')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('app_id', '=', appId)
    .groupBy('status')
    .execute();
/** MRR inputs: live subscriptions of an app with their product's period. */
export const livePrices = (db: Executor, appId: string) =>
  db
    .selectFrom('subscriptions as s')
    .innerJoin('subscription_products as p', 'p.id', 's.sub_product_id')
    .select(['s.currency', 's.price_minor', 'p.period'])
    .where('s.app_id', '=', appId)
    .where('s.status', 'in', ['active', 'billing_grace_period'])
    .execute();

/**
 * Compare-and-set: updates only while the row still has the expected period and status, and
 * writes only the fields that differ from `base` (the row as the caller read it), so a concurrent
 * change to other fields (a cancel during a renewal) is not overwritten. Returns the row as
 * updated, or undefined when the expectation failed.
 */
export async function updateSub(
  db: Executor,
  id: string,
  expect: { period_index?: number; status?: SubscriptionStatus | SubscriptionStatus[] },
  patch: Partial<SubRow>,
  base?: SubRow,
): Promise<SubRow | undefined> {
  const changes: Partial<SubRow> = {};
  for (const [k, v] of Object.entries(patch) as Array<[keyof SubRow, unknown]>)
    if (k !== 'id' && (!base || base[k] !== v)) (changes as Record<string, unknown>)[k] = v;
  let q = db.updateTable('subscriptions').set(changes).where('id', '=', id);
  if (expect.period_index !== undefined) q = q.where('period_index', '=', expect.period_index);
  if (expect.status !== undefined)
    q = Array.isArray(expect.status) ? q.where('status', 'in', expect.status) : q.where('status', '=', expect.status);
  return (await q.returningAll().executeTakeFirst()) as SubRow | undefined;
}

/** Subscriptions whose renewal (or billing retry) is due. */
export const dueForCharge = (db: Executor, now: string, limit: number) =>
  db
    .selectFrom('subscriptions')
    .selectAll()
    .where('next_attempt_at', '<=', now)
    .where('auto_renew', '=', 1)
    .where('status', 'in', ['active', 'billing_grace_period', 'billing_retry'])
    .orderBy('next_attempt_at')
    .orderBy('id') // one order for every scheduler: racing claims cannot deadlock on PostgreSQL
    .limit(limit)
    .execute() as Promise<SubRow[]>;

/** Subscriptions whose current state ends at or before `now`. */
export const dueForExpiry = (db: Executor, now: string, limit: number) =>
  db
    .selectFrom('subscriptions')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'active'),
          eb('expires_at', '<=', now),
          eb.or([eb('auto_renew', '=', 0), eb('price_consent', '=', 'pending')]),
        ]),
        eb.and([eb('status', '=', 'billing_grace_period'), eb('grace_until', '<=', now)]),
        eb.and([eb('status', '=', 'billing_retry'), eb.or([eb('retry_until', '<=', now), eb('auto_renew', '=', 0)])]),
      ]),
    )
    .limit(limit)
    .execute() as Promise<SubRow[]>;

/** Live subscribers renewing into a product in a storefront (price changes). */
export const renewingInto = (db: Executor, subProductId: string, country: string) =>
  db
    .selectFrom('subscriptions')
    .selectAll()
    .where('renew_product_id', '=', subProductId)
    .where('country', '=', country)
    .where('status', 'in', ['active', 'billing_grace_period', 'billing_retry'])
    .execute() as Promise<SubRow[]>;

// ── introductory offers ───────────────────────────────────────────────────────
export const hasRedeemed = async (db: Executor, userId: string, groupId: string) =>
  (await db
    .selectFrom('subscription_offer_redemptions')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('group_id', '=', groupId)
    .executeTakeFirst()) !== undefined;
export const insertRedemption = (db: Executor, userId: string, groupId: string, subscriptionId: string, now: string) =>
  db
    .insertInto('subscription_offer_redemptions')
    .values({ user_id: userId, group_id: groupId, subscription_id: subscriptionId, redeemed_at: now })
    .execute();

// ── charges (renewals, upgrades) ─────────────────────────────────────────────
/** Claims a charge slot; false when another scheduler (or request) already has it. */
export const claimCharge = async (db: Executor, row: ChargeRow) =>
  Number(
    (
      await db
        .insertInto('subscription_charges')
        .values(row)
        .onConflict((oc) => oc.columns(['subscription_id', 'period_index', 'attempt']).doNothing())
        .executeTakeFirst()
    ).numInsertedOrUpdatedRows ?? 0,
  ) === 1;
/** Claims many charge slots in one statement; returns the ids that were free. */
export async function claimCharges(db: Executor, rows: ChargeRow[]): Promise<Set<string>> {
  const won = new Set<string>();
  for (let i = 0; i < rows.length; i += 200) {
    const r = await db
      .insertInto('subscription_charges')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['subscription_id', 'period_index', 'attempt']).doNothing())
      .returning('id')
      .execute();
    for (const x of r) won.add(x.id);
  }
  return won;
}
/** Settles many pending charge rows; returns the ids this call settled. */
export async function settleCharges(db: Executor, ids: string[], status: ChargeRow['status'], now: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const r = await db
      .updateTable('subscription_charges')
      .set({ status, updated_at: now })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    for (const x of r) out.add(x.id);
  }
  return out;
}
/** Moves many subscriptions' next attempt (keeps claimed ones out of other passes). */
export const holdUntil = (db: Executor, ids: string[], until: string, now: string) =>
  ids.length
    ? db.updateTable('subscriptions').set({ next_attempt_at: until, updated_at: now }).where('id', 'in', ids).execute()
    : Promise.resolve([]);
export const findCharge = (db: Executor, id: string) =>
  db.selectFrom('subscription_charges').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ChargeRow | undefined>;
export const chargeForPurchase = (db: Executor, purchaseId: string) =>
  db.selectFrom('subscription_charges').selectAll().where('purchase_id', '=', purchaseId).executeTakeFirst() as Promise<
    ChargeRow | undefined
  >;
export const settleCharge = async (db: Executor, id: string, status: ChargeRow['status'], now: string) =>
  Number(
    (
      await db
        .updateTable('subscription_charges')
        .set({ status, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;
export const stalePending = (db: Executor, now: string, limit: number) =>
  db
    .selectFrom('subscription_charges')
    .selectAll()
    .where('status', '=', 'pending')
    .where('locked_until', '<=', now)
    .orderBy('locked_until')
    .limit(limit)
    .execute() as Promise<ChargeRow[]>;
/** Takes over a lapsed lease (compare-and-set on the old lease). */
export const takeChargeLease = async (db: Executor, c: ChargeRow, until: string) =>
  Number(
    (
      await db
        .updateTable('subscription_charges')
        .set({ locked_until: until })
        .where('id', '=', c.id)
        .where('status', '=', 'pending')
        .where('locked_until', '=', c.locked_until)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;
/** Charge attempts of the next period of many subscriptions (one query): count and whether one is in flight. */
export async function nextAttemptsOf(db: Executor, subs: Array<{ id: string; period_index: number }>) {
  const out = new Map<string, { count: number; pending: boolean }>();
  if (subs.length === 0) return out;
  const rows = await db
    .selectFrom('subscription_charges')
    .select(['subscription_id', 'period_index', 'status'])
    .where(
      'subscription_id',
      'in',
      subs.map((s) => s.id),
    )
    .execute();
  const next = new Map(subs.map((s) => [s.id, s.period_index + 1]));
  for (const r of rows) {
    if (next.get(r.subscription_id) !== Number(r.period_index)) continue;
    const o = out.get(r.subscription_id) ?? { count: 0, pending: false };
    o.count++;
    if (r.status === 'pending') o.pending = true;
    out.set(r.subscription_id, o);
  }
  return out;
}

/** Charge attempts of a billing period so far, and whether one is still in flight. */
export async function attemptsOf(db: Executor, subscriptionId: string, periodIndex: number) {
  const rows = await db
    .selectFrom('subscription_charges')
    .select('status')
    .where('subscription_id', '=', subscriptionId)
    .where('period_index', '=', periodIndex)
    .execute();
  return { count: rows.length, pending: rows.some((r) => r.status === 'pending') };
}

// ── daily metrics ────────────────────────────────────────────────────────────
export const bumpStats = (
  db: Executor,
  k: { appId: string; day: string; currency: string },
  d: { newSubs?: number; churned?: number; renewals?: number; revenueMinor?: number },
) =>
  db
    .insertInto('subscription_daily_stats')
    .values({
      app_id: k.appId,
      day: k.day,
      currency: k.currency,
      new_subs: d.newSubs ?? 0,
      churned: d.churned ?? 0,
      renewals: d.renewals ?? 0,
      revenue_minor: d.revenueMinor ?? 0,
      mrr_minor: null,
    })
    .onConflict((oc) =>
      oc.columns(['app_id', 'day', 'currency']).doUpdateSet({
        new_subs: sql`subscription_daily_stats.new_subs + ${d.newSubs ?? 0}`,
        churned: sql`subscription_daily_stats.churned + ${d.churned ?? 0}`,
        renewals: sql`subscription_daily_stats.renewals + ${d.renewals ?? 0}`,
        revenue_minor: sql`subscription_daily_stats.revenue_minor + ${d.revenueMinor ?? 0}`,
      }),
    )
    .execute();
/** MRR per app and currency over all live subscriptions (one aggregate query). */
export const mrrByApp = (db: Executor) =>
  db
    .selectFrom('subscriptions as s')
    .innerJoin('subscription_products as p', 'p.id', 's.sub_product_id')
    .select(['s.app_id', 's.currency', 'p.period', (eb) => eb.fn.sum<number>('s.price_minor').as('total')])
    .where('s.status', 'in', ['active', 'billing_grace_period'])
    .groupBy(['s.app_id', 's.currency', 'p.period'])
    .execute();
export const setMrr = (db: Executor, k: { appId: string; day: string; currency: string }, mrrMinor: number) =>
  db
    .insertInto('subscription_daily_stats')
    .values({
      app_id: k.appId,
      day: k.day,
      currency: k.currency,
      new_subs: 0,
      churned: 0,
      renewals: 0,
      revenue_minor: 0,
      mrr_minor: mrrMinor,
    })
    .onConflict((oc) => oc.columns(['app_id', 'day', 'currency']).doUpdateSet({ mrr_minor: mrrMinor }))
    .execute();
export const statsBetween = (db: Executor, appId: string, from: string, to: string) =>
  db
    .selectFrom('subscription_daily_stats')
    .selectAll()
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
