/**
 * The subscription lifecycle, driven by an injectable clock:
 *
 *   start      (inside the purchase's finishing transaction) a new subscription, or a
 *              resubscription of an expired one, with its entitlement and SUBSCRIBED
 *   renew      the renewal pass claims due subscriptions (one charge row per subscription,
 *              period and attempt — a unique index, so racing schedulers cannot both claim),
 *              charges outside any transaction under a provider key derived from that row
 *              (so a retry or recovery never charges twice), then records the outcome with
 *              compare-and-set updates: renewed → DID_RENEW; declined → billing grace period
 *              (access kept) or billing retry (access lost) → DID_FAIL_TO_RENEW
 *   expire     auto-renew off → EXPIRED/VOLUNTARY; grace over → GRACE_PERIOD_EXPIRED; retries
 *              exhausted → EXPIRED/BILLING_RETRY; price increase not consented → EXPIRED/PRICE_INCREASE
 *   recover    a charge row left pending by a crash is re-charged under the same provider key
 *              (the provider returns the first charge) and recorded once
 *
 * Every state change writes `subscription.changed` in its transaction (the notifications module
 * turns it into a signed server notification) and moves the group entitlement with the status.
 */
import type { Config } from '../../config.js';
import type { Db, Executor, Tx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { type Clock, utcDay } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { PurchaseRow } from '../commerce/purchases/purchases.repository.js';
import type { RecurringInput, RecurringOutcome } from '../commerce/purchases/recurring.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { SubscriptionCatalog } from './catalog.js';
import { addPeriods, dayMs, monthlyMinor, retryDelayDays } from './periods.js';
import type { NotificationType } from './subscriptions.events.js';
import './subscriptions.events.js';
import * as repo from './subscriptions.repository.js';
import type { SubscriptionStatus } from './subscriptions.tables.js';

registerErrors({
  subscription_not_found: { status: 404, title: 'No such subscription' },
  subscription_not_active: { status: 409, title: 'The subscription is not active' },
  subscription_busy: { status: 409, title: 'A charge for this subscription is in progress; try again shortly' },
  subscription_group_mismatch: { status: 422, title: 'Plans can only change within the same subscription group' },
  no_price_increase: { status: 409, title: 'There is no price increase waiting for consent' },
});

export const LIVE: SubscriptionStatus[] = ['active', 'billing_grace_period', 'billing_retry'];
const ENTITLED: SubscriptionStatus[] = ['active', 'billing_grace_period'];

export interface LifecycleDeps {
  db: Db;
  clock: Clock;
  config: Config;
  bus: EventBus;
  log: Logger;
  catalog: CatalogService;
  entitlements: EntitlementsService;
  commerce: CommerceServices;
  products: SubscriptionCatalog;
}

export interface PassResult {
  renewed: number;
  declined: number;
  expired: number;
  recovered: number;
  pending: number;
}

export interface Claimed {
  sub: repo.SubRow;
  charge: repo.ChargeRow;
  purchase: PurchaseRow;
  product: repo.ProductRow;
}

export class SubscriptionLifecycle {
  private readonly productCache = new Map<string, repo.ProductRow>();

  constructor(private readonly d: LifecycleDeps) {}

  private get accelerated() {
    return this.d.config.subscriptions.accelerated;
  }
  private day() {
    return dayMs(this.accelerated);
  }
  now(): Date {
    return this.d.clock.now();
  }

  /** A product row by internal id (cached: product ids and periods never change). */
  async productById(db: Executor, id: string): Promise<repo.ProductRow> {
    const hit = this.productCache.get(id);
    if (hit) return hit;
    const p = await repo.productById(db, id);
    if (!p) throw new Error(`subscription product ${id} is missing`);
    this.productCache.set(id, p);
    return p;
  }

  // ── events and entitlements ────────────────────────────────────────────────
  async changed(trx: Executor, sub: repo.SubRow, type: NotificationType, subtype: string | null, transactionId: string | null) {
    await this.d.bus.emit(trx, await this.changedDraft(trx, sub, type, subtype, transactionId));
  }

  private async changedDraft(
    trx: Executor,
    sub: repo.SubRow,
    type: NotificationType,
    subtype: string | null,
    transactionId: string | null,
  ) {
    const product = await this.productById(trx, sub.sub_product_id);
    return {
      type: 'subscription.changed' as const,
      aggregateId: sub.id,
      payload: {
        subscriptionId: sub.id,
        userId: sub.user_id,
        appId: sub.app_id,
        originalTransactionId: sub.original_transaction_id,
        transactionId,
        productId: product.product_id,
        status: sub.status,
        expiresDate: sub.expires_at,
        autoRenew: Number(sub.auto_renew) === 1,
        notificationType: type,
        subtype,
      },
    };
  }

  private async grant(trx: Executor, sub: repo.SubRow) {
    if (await this.d.entitlements.isEntitled(trx, sub.user_id, sub.app_id, sub.group_id)) return;
    await this.d.entitlements.grant(trx, {
      userId: sub.user_id,
      appId: sub.app_id,
      productId: sub.group_id,
      source: 'subscription',
      sourceId: sub.id,
    });
  }

  private async revoke(trx: Executor, sub: repo.SubRow, reason: string) {
    await this.d.entitlements.revoke(trx, { userId: sub.user_id, appId: sub.app_id, productId: sub.group_id, reason });
  }

  private stats(trx: Executor, sub: repo.SubRow, d: Parameters<typeof repo.bumpStats>[2]) {
    return repo.bumpStats(trx, { appId: sub.app_id, day: utcDay(this.now()), currency: sub.currency }, d);
  }

  // ── offers ─────────────────────────────────────────────────────────────────
  /** The introductory offer this user gets for `product` (once per user per group), if any. */
  async offerFor(db: Executor, userId: string, product: repo.ProductRow): Promise<'free_trial' | 'intro_price' | null> {
    if (!product.intro_type) return null;
    return (await repo.hasRedeemed(db, userId, product.group_id)) ? null : product.intro_type;
  }

  /** How many periods the first transaction covers. */
  firstPeriods(product: repo.ProductRow, offer: string | null) {
    return offer ? Math.max(1, Number(product.intro_periods)) : 1;
  }

  // ── start / resubscribe (inside the purchase flow's finishing transaction) ──
  async start(trx: Executor, p: PurchaseRow, paymentToken: string | null): Promise<void> {
    const product = await repo.findProduct(trx, p.app_id, p.product_key);
    if (!product) throw new Error(`subscription product ${p.product_key} vanished`);
    const existing = await repo.findForUserGroup(trx, p.user_id, product.group_id);
    if (existing && LIVE.includes(existing.status)) throw new AppError('already_owned', 'You are already subscribed to this group');
    const offer = await this.offerFor(trx, p.user_id, product);
    const regular = await repo.priceIn(trx, product.id, p.country);
    const now = this.now().toISOString();
    const expires = addPeriods(p.created_at, product.period, this.firstPeriods(product, offer), this.accelerated).toISOString();
    const fields = {
      sub_product_id: product.id,
      renew_product_id: product.id,
      status: 'active' as const,
      auto_renew: 1,
      attempt: 0,
      period_start: p.created_at,
      expires_at: expires,
      next_attempt_at: this.renewAt(expires),
      grace_until: null,
      retry_until: null,
      country: p.country,
      currency: p.currency,
      price_minor: Number(p.amount_minor),
      renew_price_minor: regular ? Number(regular.price_minor) : Number(p.amount_minor),
      price_consent: 'none' as const,
      offer,
      payment_token: paymentToken,
      expiration_reason: null,
      last_transaction_id: p.transaction_id,
      updated_at: now,
    };
    let sub: repo.SubRow;
    if (existing) {
      sub = { ...existing, ...fields, period_index: existing.period_index + 1 };
      if (!(await repo.updateSub(trx, existing.id, { period_index: existing.period_index, status: ['expired', 'revoked'] }, sub, existing)))
        throw new AppError('already_owned', 'The subscription changed meanwhile');
    } else {
      sub = {
        id: newId(),
        user_id: p.user_id,
        app_id: p.app_id,
        group_id: product.group_id,
        original_transaction_id: p.original_transaction_id,
        period_index: 0,
        created_at: now,
        ...fields,
      };
      try {
        await repo.insertSub(trx, sub);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('already_owned', 'You are already subscribed to this group');
        throw err;
      }
    }
    if (offer) await repo.insertRedemption(trx, p.user_id, product.group_id, sub.id, now);
    await this.grant(trx, sub);
    await this.stats(trx, sub, { newSubs: 1, revenueMinor: Number(p.amount_minor) });
    await this.changed(trx, sub, 'SUBSCRIBED', existing ? 'RESUBSCRIBE' : 'INITIAL_BUY', p.transaction_id);
  }

  /** When the renewal of a period ending at `expires` is charged. */
  private renewAt(expires: string): string {
    return new Date(new Date(expires).getTime() - this.d.config.subscriptions.renewalLeadMs).toISOString();
  }

  // ── the renewal pass ───────────────────────────────────────────────────────
  /**
   * One pass of the renewal job: charge due renewals and retries, recover charges a crash left
   * pending, then expire what ended. Safe to run from several schedulers at once.
   */
  async runPass(): Promise<PassResult> {
    const result: PassResult = { renewed: 0, declined: 0, expired: 0, recovered: 0, pending: 0 };
    const batch = this.d.config.subscriptions.renewalBatch;
    for (let round = 0; round < 10_000; round++) {
      const due = await repo.dueForCharge(this.d.db, this.now().toISOString(), batch);
      if (due.length === 0) break;
      const claimed = await this.claim(due);
      if (claimed.length === 0) break; // everything due is being charged by someone else
      await this.chargeAndRecord(claimed, result);
      if (due.length < batch) break;
    }
    for (const c of await repo.stalePending(this.d.db, this.now().toISOString(), batch)) {
      const r = await this.recoverCharge(c);
      if (r === 'completed') result.recovered++;
      else if (r === 'declined') result.declined++;
    }
    result.expired = await this.expireDue();
    await this.snapshotMrr();
    return result;
  }

  private mrrDay: string | undefined;
  /** Once per (UTC) day and process: today's MRR per app and currency, for the metrics chart. */
  async snapshotMrr(force = false): Promise<void> {
    const day = utcDay(this.now());
    if (!force && this.mrrDay === day) return;
    const totals = new Map<string, number>();
    for (const r of await repo.mrrByApp(this.d.db)) {
      const k = `${r.app_id}|${r.currency}`;
      totals.set(k, (totals.get(k) ?? 0) + monthlyMinor(Number(r.total), r.period));
    }
    await inTransaction(this.d.db, async (trx) => {
      for (const [k, v] of totals) {
        const [appId, currency] = k.split('|') as [string, string];
        await repo.setMrr(trx, { appId, day, currency }, v);
      }
    });
    this.mrrDay = day;
  }

  /** Claims (but does not charge) up to `limit` due renewals: the first step of a pass, exposed for crash tests. */
  async claimDue(limit: number): Promise<Claimed[]> {
    return this.claim(await repo.dueForCharge(this.d.db, this.now().toISOString(), limit));
  }

  /**
   * Claims charge rows for due subscriptions in one transaction: the charge slots in one
   * multi-row insert (rows another scheduler holds are skipped by the unique index), the pending
   * purchases in another.
   */
  private async claim(due: repo.SubRow[]): Promise<Claimed[]> {
    const nowDate = this.now();
    const now = nowDate.toISOString();
    const leaseUntil = new Date(nowDate.getTime() + this.d.config.subscriptions.renewalLeaseMs).toISOString();
    return inTransaction(this.d.db, async (trx) => {
      const attemptsBySub = await repo.nextAttemptsOf(trx, due);
      const commission = new Map<string, number>();
      const candidates: Array<Omit<Claimed, 'purchase'> & { input: RecurringInput }> = [];
      for (const sub of due) {
        if (sub.price_consent === 'pending') {
          // not consented: no charge; the expiry pass ends it when the period is over
          await repo.updateSub(trx, sub.id, { period_index: sub.period_index }, { next_attempt_at: null, updated_at: now });
          continue;
        }
        const period = sub.period_index + 1;
        const attempts = attemptsBySub.get(sub.id) ?? { count: 0, pending: false };
        if (attempts.pending) continue; // in flight elsewhere (or left by a crash: recovery handles it)
        const product = await this.productById(trx, sub.renew_product_id);
        const purchaseId = newId();
        const developerId = await this.developerOf(trx, sub.app_id);
        if (!commission.has(developerId)) commission.set(developerId, await this.d.commerce.products.commissionBps(trx, developerId));
        candidates.push({
          sub,
          product,
          charge: {
            id: newId(),
            subscription_id: sub.id,
            kind: 'renewal',
            period_index: period,
            attempt: attempts.count,
            purchase_id: purchaseId,
            sub_product_id: product.id,
            status: 'pending',
            locked_until: leaseUntil,
            created_at: now,
            updated_at: now,
          },
          input: {
            id: purchaseId,
            userId: sub.user_id,
            appId: sub.app_id,
            bundleId: await this.bundleOf(trx, sub.app_id),
            developerId,
            commissionBps: commission.get(developerId),
            productId: product.product_id,
            country: sub.country,
            currency: sub.currency,
            amountMinor: Number(sub.renew_price_minor),
            originalTransactionId: sub.original_transaction_id,
            providerKey: `sub_${sub.id}_${period}_${attempts.count}`,
          },
        });
      }
      const won = await repo.claimCharges(
        trx,
        candidates.map((c) => c.charge),
      );
      const mine = candidates.filter((c) => won.has(c.charge.id));
      // keep them out of other passes while they are being charged
      await repo.holdUntil(
        trx,
        mine.map((c) => c.sub.id),
        leaseUntil,
        now,
      );
      const purchases = await this.d.commerce.recurring.openMany(
        trx,
        mine.map((c) => c.input),
      );
      return mine.map((c, i) => ({ sub: c.sub, charge: c.charge, product: c.product, purchase: purchases[i] as PurchaseRow }));
    });
  }

  private readonly appCache = new Map<string, { bundleId: string; developerId: string }>();
  private async appOf(db: Executor, appId: string) {
    const hit = this.appCache.get(appId);
    if (hit) return hit;
    const [a] = await this.d.catalog.summariesByIds(db, [appId]);
    if (!a) throw new Error(`app ${appId} is missing`);
    const v = { bundleId: a.bundleId, developerId: a.developerId };
    this.appCache.set(appId, v);
    return v;
  }
  private async bundleOf(db: Executor, appId: string) {
    return (await this.appOf(db, appId)).bundleId;
  }
  private async developerOf(db: Executor, appId: string) {
    return (await this.appOf(db, appId)).developerId;
  }

  /**
   * Charges the claimed rows (outside transactions), then records every outcome in one
   * transaction; successful renewals are settled, completed, posted and announced in batches.
   */
  private async chargeAndRecord(claimed: Claimed[], result: PassResult) {
    const outcomes: Array<{ c: Claimed; outcome: RecurringOutcome; receipt?: string }> = [];
    for (const c of claimed) outcomes.push({ c, outcome: await this.d.commerce.recurring.charge(c.purchase, c.sub.payment_token) });
    // test-only crash point (config honours it only when NODE_ENV=test): charged, nothing recorded
    if (this.d.config.faultCrashAt === 'after_renewal_charge' && claimed.length > 0) process.kill(process.pid, 'SIGKILL');
    // sign a window of receipts at once (each awaits jose)
    for (let i = 0; i < outcomes.length; i += 64)
      await Promise.all(
        outcomes.slice(i, i + 64).map(async (o) => {
          if (o.outcome.status === 'succeeded') o.receipt = await this.renewalReceipt(o.c);
        }),
      );
    await inTransaction(this.d.db, async (trx) => {
      const now = this.now();
      for (const o of outcomes.filter((x) => x.outcome.status !== 'succeeded')) result[await this.record(trx, o.c, o.outcome)]++;
      const ok = outcomes.filter((x) => x.outcome.status === 'succeeded');
      const settled = await repo.settleCharges(
        trx,
        ok.map((o) => o.c.charge.id),
        'completed',
        now.toISOString(),
      );
      const mine = ok.filter((o) => settled.has(o.c.charge.id));
      const completed = await this.d.commerce.recurring.completeMany(
        trx,
        mine.map((o) => ({ p: o.c.purchase, chargeId: (o.outcome as { chargeId: string }).chargeId, receipt: o.receipt as string })),
      );
      if (completed.size !== mine.length) throw new Error('renewal purchases were not pending');
      const drafts = [];
      const revenue = new Map<string, { sub: repo.SubRow; renewals: number; revenueMinor: number }>();
      for (const o of mine) {
        const draft = await this.applyRenewal(trx, o.c, now);
        if (draft) drafts.push(draft);
        result.renewed++;
        const k = `${o.c.sub.app_id}|${o.c.sub.currency}`;
        const agg = revenue.get(k) ?? { sub: o.c.sub, renewals: 0, revenueMinor: 0 };
        agg.renewals++;
        agg.revenueMinor += Number(o.c.purchase.amount_minor);
        revenue.set(k, agg);
      }
      await this.d.bus.emit(trx, drafts);
      // daily counters once per app and currency, not once per renewal
      for (const a of revenue.values()) await this.stats(trx, a.sub, { renewals: a.renewals, revenueMinor: a.revenueMinor });
    });
  }

  /** Start and end of the period a renewal charge pays for. */
  private renewalPeriod(c: Claimed, at: Date) {
    // a recovery from billing retry starts a new period now; otherwise the period follows on
    const start = c.sub.status === 'billing_retry' ? at.toISOString() : c.sub.expires_at;
    return { start, expires: addPeriods(start, c.product.period, 1, this.accelerated).toISOString() };
  }

  private async renewalReceipt(c: Claimed) {
    const { expires } = this.renewalPeriod(c, this.now());
    return this.d.commerce.recurring.receipt(c.purchase, { expiresDate: expires, offerType: null });
  }

  /** Records one charge outcome (compare-and-set on the charge row: at most once). */
  private async record(trx: Tx, c: Claimed, outcome: RecurringOutcome, receipt?: string): Promise<'renewed' | 'declined' | 'pending'> {
    const now = this.now();
    const nowIso = now.toISOString();
    if (outcome.status === 'failed') return 'pending'; // provider trouble: recovery retries under the same key
    if (outcome.status === 'declined') {
      if (!(await repo.settleCharge(trx, c.charge.id, 'declined', nowIso))) return 'pending';
      await this.d.commerce.recurring.decline(trx, c.purchase, outcome.chargeId, outcome.declineCode);
      await this.failed(trx, c.sub, now);
      return 'declined';
    }
    if (!(await repo.settleCharge(trx, c.charge.id, 'completed', nowIso))) return 'pending';
    if (!(await this.d.commerce.recurring.complete(trx, c.purchase, outcome.chargeId, receipt as string)))
      throw new Error(`renewal purchase ${c.purchase.id} was not pending`);
    const draft = await this.applyRenewal(trx, c, now);
    if (draft) await this.d.bus.emit(trx, draft);
    await this.stats(trx, c.sub, { renewals: 1, revenueMinor: Number(c.purchase.amount_minor) });
    return 'renewed';
  }

  /** Moves a subscription into the period a completed renewal paid for; returns its DID_RENEW event. */
  private async applyRenewal(trx: Tx, c: Claimed, now: Date) {
    const { start, expires } = this.renewalPeriod(c, now);
    const wasEntitled = ENTITLED.includes(c.sub.status);
    const recovering = c.sub.status !== 'active';
    const sub: repo.SubRow = {
      ...c.sub,
      status: 'active',
      period_index: c.charge.period_index,
      attempt: 0,
      period_start: start,
      expires_at: expires,
      next_attempt_at: this.renewAt(expires),
      grace_until: null,
      retry_until: null,
      sub_product_id: c.product.id,
      price_minor: Number(c.purchase.amount_minor),
      price_consent: 'none',
      offer: null,
      last_transaction_id: c.purchase.transaction_id,
      updated_at: now.toISOString(),
    };
    const fresh = await repo.updateSub(trx, c.sub.id, { period_index: c.sub.period_index, status: LIVE }, sub, c.sub);
    if (!fresh) {
      // refunded or changed while we charged: the money is recorded; the period is not granted
      this.d.log.warn({ subscriptionId: c.sub.id, purchaseId: c.purchase.id }, 'renewal recorded for a subscription that moved on');
      return undefined;
    }
    if (!wasEntitled) await this.grant(trx, fresh);
    return this.changedDraft(trx, fresh, 'DID_RENEW', recovering ? 'BILLING_RECOVERY' : null, c.purchase.transaction_id);
  }

  /** A declined renewal: into the grace period (access kept) or billing retry (access lost). */
  private async failed(trx: Tx, sub: repo.SubRow, now: Date) {
    const nowIso = now.toISOString();
    const day = this.day();
    if (sub.status === 'active') {
      const graceDays = await this.d.products.graceDays(trx, sub.app_id);
      const expiresMs = new Date(sub.expires_at).getTime();
      const base = {
        attempt: 1,
        retry_until: new Date(expiresMs + this.d.config.subscriptions.retryDays * day).toISOString(),
        next_attempt_at: new Date(now.getTime() + retryDelayDays(1) * day).toISOString(),
        updated_at: nowIso,
      };
      if (graceDays > 0) {
        const next = {
          ...sub,
          ...base,
          status: 'billing_grace_period' as const,
          grace_until: new Date(expiresMs + graceDays * day).toISOString(),
        };
        await repo.updateSub(trx, sub.id, { period_index: sub.period_index }, next, sub);
        await this.changed(trx, next, 'DID_FAIL_TO_RENEW', 'GRACE_PERIOD', null);
      } else {
        const next = { ...sub, ...base, status: 'billing_retry' as const, grace_until: null };
        await repo.updateSub(trx, sub.id, { period_index: sub.period_index }, next, sub);
        await this.revoke(trx, next, 'billing_retry');
        await this.changed(trx, next, 'DID_FAIL_TO_RENEW', null, null);
      }
      return;
    }
    const attempt = sub.attempt + 1;
    await repo.updateSub(
      trx,
      sub.id,
      { period_index: sub.period_index },
      { attempt, next_attempt_at: new Date(now.getTime() + retryDelayDays(attempt) * day).toISOString(), updated_at: nowIso },
    );
  }

  // ── recovery ───────────────────────────────────────────────────────────────
  /**
   * Finishes a charge row whose claimer vanished: the same provider key charges again (the
   * provider answers with the first charge, if any) and the outcome is recorded once.
   */
  async recoverCharge(c: repo.ChargeRow): Promise<'completed' | 'declined' | 'voided' | 'skipped'> {
    const until = new Date(this.now().getTime() + this.d.config.subscriptions.renewalLeaseMs).toISOString();
    if (!(await repo.takeChargeLease(this.d.db, c, until))) return 'skipped';
    const charge = { ...c, locked_until: until };
    const sub = await repo.findSub(this.d.db, c.subscription_id);
    const purchase = await this.d.commerce.recurring.find(this.d.db, c.purchase_id);
    if (!sub || !purchase) return 'skipped';
    if (purchase.status !== 'pending') {
      await repo.settleCharge(this.d.db, c.id, purchase.status === 'completed' ? 'completed' : 'declined', this.now().toISOString());
      return 'skipped';
    }
    // the subscription must still be waiting for this period; otherwise nothing may be charged now
    if (sub.period_index !== c.period_index - 1 || !LIVE.includes(sub.status)) {
      const found = await this.d.commerce.provider.void(purchase.provider_key);
      if (found.status === 'not_found' || found.status === 'voided') {
        await inTransaction(this.d.db, async (trx) => {
          await repo.settleCharge(trx, c.id, 'voided', this.now().toISOString());
          await this.d.commerce.recurring.voidIfUncharged(trx, purchase);
        });
        return 'voided';
      }
    }
    const product = await this.productById(this.d.db, c.sub_product_id);
    const claimed: Claimed = { sub, charge, purchase, product };
    if (c.kind === 'upgrade') return this.recordUpgradeOutcome(claimed);
    const outcome = await this.d.commerce.recurring.charge(purchase, sub.payment_token);
    const receipt = outcome.status === 'succeeded' ? await this.renewalReceipt(claimed) : undefined;
    const r = await inTransaction(this.d.db, (trx) => this.record(trx, claimed, outcome, receipt));
    return r === 'renewed' ? 'completed' : r === 'declined' ? 'declined' : 'skipped';
  }

  /** Reconciliation / audit entry: a pending subscription purchase, resolved if its lease lapsed. */
  async recoverPurchase(p: PurchaseRow): Promise<'completed' | 'declined' | 'voided' | 'skipped'> {
    const c = await repo.chargeForPurchase(this.d.db, p.id);
    if (c?.status !== 'pending' || c.locked_until > this.now().toISOString()) return 'skipped';
    return this.recoverCharge(c);
  }

  // ── expiry ─────────────────────────────────────────────────────────────────
  /** Ends what is over: voluntary expiry, grace period ended, retries exhausted, price increase refused. */
  async expireDue(): Promise<number> {
    let n = 0;
    for (;;) {
      const rows = await repo.dueForExpiry(this.d.db, this.now().toISOString(), this.d.config.subscriptions.renewalBatch);
      let moved = 0;
      for (const sub of rows) if (await inTransaction(this.d.db, (trx) => this.expireOne(trx, sub))) moved++;
      n += moved;
      if (moved === 0 || rows.length < this.d.config.subscriptions.renewalBatch) return n;
    }
  }

  private async expireOne(trx: Tx, sub: repo.SubRow): Promise<boolean> {
    const now = this.now().toISOString();
    const voluntary = Number(sub.auto_renew) === 0;
    if (sub.status === 'billing_grace_period' && !voluntary) {
      const next = { ...sub, status: 'billing_retry' as const, updated_at: now };
      if (!(await repo.updateSub(trx, sub.id, { period_index: sub.period_index, status: sub.status }, next, sub))) return false;
      await this.revoke(trx, next, 'grace_period_expired');
      await this.changed(trx, next, 'GRACE_PERIOD_EXPIRED', null, null);
      return true;
    }
    const reason =
      sub.status === 'active' && !voluntary && sub.price_consent === 'pending'
        ? 'PRICE_INCREASE'
        : voluntary
          ? 'VOLUNTARY'
          : 'BILLING_RETRY';
    const next = {
      ...sub,
      status: 'expired' as const,
      auto_renew: 0,
      next_attempt_at: null,
      expiration_reason: reason.toLowerCase(),
      updated_at: now,
    };
    if (!(await repo.updateSub(trx, sub.id, { period_index: sub.period_index, status: sub.status }, next, sub))) return false;
    await this.revoke(trx, next, 'expired');
    await this.stats(trx, next, { churned: 1 });
    await this.changed(trx, next, 'EXPIRED', reason, null);
    return true;
  }

  // ── shopper actions ────────────────────────────────────────────────────────
  async owned(db: Executor, userId: string, subscriptionId: string): Promise<repo.SubRow> {
    const sub = await repo.findSub(db, subscriptionId);
    if (!sub || sub.user_id !== userId) throw new AppError('subscription_not_found');
    return sub;
  }

  /** Turns auto-renew off (access until the end of the period) or back on. */
  async setAutoRenew(userId: string, subscriptionId: string, on: boolean): Promise<repo.SubRow> {
    return inTransaction(this.d.db, async (trx) => {
      const sub = await this.owned(trx, userId, subscriptionId);
      if (!LIVE.includes(sub.status)) throw new AppError('subscription_not_active', 'An expired subscription is bought again, not resumed');
      if ((Number(sub.auto_renew) === 1) === on) return sub;
      const now = this.now().toISOString();
      const next: repo.SubRow = {
        ...sub,
        auto_renew: on ? 1 : 0,
        next_attempt_at: on ? (sub.status === 'active' ? this.renewAt(sub.expires_at) : now) : null,
        updated_at: now,
      };
      if (!(await repo.updateSub(trx, sub.id, { period_index: sub.period_index, status: sub.status }, next, sub)))
        throw new AppError('subscription_busy');
      await this.changed(trx, next, 'DID_CHANGE_RENEWAL_STATUS', on ? 'AUTO_RENEW_ENABLED' : 'AUTO_RENEW_DISABLED', null);
      return next;
    });
  }

  /** A new payment method; a subscription in billing trouble is retried on the next pass. */
  async setPaymentToken(userId: string, subscriptionId: string, token: string): Promise<repo.SubRow> {
    return inTransaction(this.d.db, async (trx) => {
      const sub = await this.owned(trx, userId, subscriptionId);
      const now = this.now().toISOString();
      const retryNow = sub.status === 'billing_grace_period' || sub.status === 'billing_retry';
      const next = {
        ...sub,
        payment_token: token,
        ...(retryNow && Number(sub.auto_renew) === 1 ? { next_attempt_at: now } : {}),
        updated_at: now,
      };
      await repo.updateSub(trx, sub.id, {}, next, sub);
      return next;
    });
  }

  /** Accepts a pending price increase: the next renewal charges the new price. */
  async consentToPrice(userId: string, subscriptionId: string): Promise<repo.SubRow> {
    return inTransaction(this.d.db, async (trx) => {
      const sub = await this.owned(trx, userId, subscriptionId);
      if (sub.price_consent !== 'pending') throw new AppError('no_price_increase');
      const now = this.now().toISOString();
      const next = {
        ...sub,
        price_consent: 'accepted' as const,
        next_attempt_at: Number(sub.auto_renew) === 1 && sub.status === 'active' ? this.renewAt(sub.expires_at) : sub.next_attempt_at,
        updated_at: now,
      };
      if (!(await repo.updateSub(trx, sub.id, { period_index: sub.period_index, status: sub.status }, next, sub)))
        throw new AppError('subscription_busy');
      await this.changed(trx, next, 'PRICE_INCREASE', 'ACCEPTED', null);
      return next;
    });
  }

  /**
   * Changes plan within the group. A higher level (upgrade) starts now: the unused part of the
   * current period is credited against the new price, the difference charged. Same or lower
   * level (downgrade, crossgrade) waits for the next renewal.
   */
  async changePlan(
    userId: string,
    subscriptionId: string,
    productId: string,
  ): Promise<{ sub: repo.SubRow; effective: 'now' | 'next_renewal'; chargedMinor: number }> {
    const sub = await this.owned(this.d.db, userId, subscriptionId);
    if (!ENTITLED.includes(sub.status)) throw new AppError('subscription_not_active');
    const target = await repo.findProduct(this.d.db, sub.app_id, productId);
    if (target?.status !== 'active') throw new AppError('subscription_product_not_found');
    if (target.group_id !== sub.group_id) throw new AppError('subscription_group_mismatch');
    const price = await repo.priceIn(this.d.db, target.id, sub.country);
    if (!price) throw new AppError('not_sold_in_country');
    const current = await this.productById(this.d.db, sub.sub_product_id);
    if (target.level < current.level) return this.upgrade(sub, current, target, Number(price.price_minor));
    const next = await inTransaction(this.d.db, async (trx) => {
      const now = this.now().toISOString();
      const n = {
        ...sub,
        renew_product_id: target.id,
        renew_price_minor: Number(price.price_minor),
        price_consent: 'none' as const,
        updated_at: now,
      };
      if (!(await repo.updateSub(trx, sub.id, { period_index: sub.period_index, status: sub.status }, n, sub)))
        throw new AppError('subscription_busy');
      const subtype = target.id === sub.sub_product_id ? null : target.level > current.level ? 'DOWNGRADE' : 'CROSSGRADE';
      await this.changed(trx, { ...n }, 'DID_CHANGE_RENEWAL_PREF', subtype, null);
      return n;
    });
    return { sub: next, effective: 'next_renewal', chargedMinor: 0 };
  }

  /** Prorated credit: the unused share of what the current period cost. */
  credit(sub: repo.SubRow, at: Date): number {
    const start = new Date(sub.period_start).getTime();
    const end = new Date(sub.expires_at).getTime();
    if (end <= start) return 0;
    const unused = Math.max(0, Math.min(1, (end - at.getTime()) / (end - start)));
    return Math.floor(Number(sub.price_minor) * unused);
  }

  private async upgrade(sub: repo.SubRow, _current: repo.ProductRow, target: repo.ProductRow, priceMinor: number) {
    const nowDate = this.now();
    const now = nowDate.toISOString();
    const amount = Math.max(0, priceMinor - this.credit(sub, nowDate));
    const period = sub.period_index + 1;
    const claimed = await inTransaction(this.d.db, async (trx): Promise<Claimed> => {
      const attempts = await repo.attemptsOf(trx, sub.id, period);
      if (attempts.pending) throw new AppError('subscription_busy');
      const purchaseId = newId();
      const charge: repo.ChargeRow = {
        id: newId(),
        subscription_id: sub.id,
        kind: 'upgrade',
        period_index: period,
        attempt: attempts.count,
        purchase_id: purchaseId,
        sub_product_id: target.id,
        status: 'pending',
        locked_until: new Date(nowDate.getTime() + this.d.config.subscriptions.renewalLeaseMs).toISOString(),
        created_at: now,
        updated_at: now,
      };
      if (!(await repo.claimCharge(trx, charge))) throw new AppError('subscription_busy');
      const purchase = await this.d.commerce.recurring.open(trx, {
        id: purchaseId,
        userId: sub.user_id,
        appId: sub.app_id,
        bundleId: await this.bundleOf(trx, sub.app_id),
        developerId: await this.developerOf(trx, sub.app_id),
        productId: target.product_id,
        country: sub.country,
        currency: sub.currency,
        amountMinor: amount,
        originalTransactionId: sub.original_transaction_id,
        providerKey: `sub_${sub.id}_${period}_${attempts.count}`,
      });
      return { sub, charge, purchase, product: target };
    });
    const r = await this.recordUpgradeOutcome(claimed);
    if (r === 'declined') throw new AppError('payment_declined', 'The card was declined');
    if (r !== 'completed') throw new AppError('payment_outcome_unknown', 'The upgrade will complete once the payment provider answers');
    const fresh = (await repo.findSub(this.d.db, sub.id)) as repo.SubRow;
    return { sub: fresh, effective: 'now' as const, chargedMinor: amount };
  }

  /** Charges an upgrade (same provider key on recovery) and records it once. */
  private async recordUpgradeOutcome(c: Claimed): Promise<'completed' | 'declined' | 'skipped'> {
    const outcome = await this.d.commerce.recurring.charge(c.purchase, c.sub.payment_token);
    if (outcome.status === 'failed') return 'skipped';
    const start = new Date(c.purchase.created_at);
    const expires = addPeriods(start, c.product.period, 1, this.accelerated).toISOString();
    const receipt =
      outcome.status === 'succeeded' ? await this.d.commerce.recurring.receipt(c.purchase, { expiresDate: expires, offerType: null }) : '';
    return inTransaction(this.d.db, async (trx) => {
      const now = this.now().toISOString();
      if (outcome.status === 'declined') {
        if (!(await repo.settleCharge(trx, c.charge.id, 'declined', now))) return 'skipped';
        await this.d.commerce.recurring.decline(trx, c.purchase, outcome.chargeId, outcome.declineCode);
        return 'declined';
      }
      if (!(await repo.settleCharge(trx, c.charge.id, 'completed', now))) return 'skipped';
      await this.d.commerce.recurring.complete(trx, c.purchase, outcome.chargeId, receipt);
      const next: repo.SubRow = {
        ...c.sub,
        period_index: c.charge.period_index,
        sub_product_id: c.product.id,
        renew_product_id: c.product.id,
        period_start: c.purchase.created_at,
        expires_at: expires,
        next_attempt_at: Number(c.sub.auto_renew) === 1 ? this.renewAt(expires) : null,
        price_minor: Number(c.purchase.amount_minor),
        renew_price_minor: Number((await repo.priceIn(trx, c.product.id, c.sub.country))?.price_minor ?? c.purchase.amount_minor),
        price_consent: 'none',
        offer: null,
        last_transaction_id: c.purchase.transaction_id,
        updated_at: now,
      };
      if (!(await repo.updateSub(trx, c.sub.id, { period_index: c.sub.period_index, status: ENTITLED }, next, c.sub)))
        this.d.log.warn({ subscriptionId: c.sub.id }, 'upgrade recorded for a subscription that moved on');
      else {
        await this.stats(trx, next, { revenueMinor: Number(c.purchase.amount_minor) });
        await this.changed(trx, next, 'DID_CHANGE_RENEWAL_PREF', 'UPGRADE', c.purchase.transaction_id);
      }
      return 'completed';
    });
  }

  // ── developer actions and refunds ──────────────────────────────────────────
  /**
   * Reaches subscribers after a price change: a lower price applies at the next renewal; a
   * higher one waits for each subscriber's consent (PRICE_INCREASE), without which the
   * subscription expires at the end of its period.
   */
  async applyPriceChange(trx: Tx, subProductId: string, after: Array<{ country: string; price_minor: number }>): Promise<number> {
    let touched = 0;
    const now = this.now().toISOString();
    for (const price of after) {
      for (const sub of await repo.renewingInto(trx, subProductId, price.country)) {
        const newPrice = Number(price.price_minor);
        if (newPrice === Number(sub.renew_price_minor)) continue;
        const increase = newPrice > Number(sub.price_minor) && newPrice > Number(sub.renew_price_minor);
        const next = {
          ...sub,
          renew_price_minor: newPrice,
          price_consent: increase ? ('pending' as const) : sub.price_consent,
          updated_at: now,
        };
        await repo.updateSub(trx, sub.id, { period_index: sub.period_index }, next, sub);
        if (increase) await this.changed(trx, next, 'PRICE_INCREASE', 'PENDING', null);
        touched++;
      }
    }
    return touched;
  }

  /** A refunded subscription transaction revokes the subscription if it paid for the current period. */
  async refunded(trx: Tx, purchase: { transactionId: string; originalTransactionId: string }): Promise<void> {
    const sub = await repo.findByOriginal(trx, purchase.originalTransactionId);
    if (!sub) return;
    const now = this.now().toISOString();
    if (sub.last_transaction_id !== purchase.transactionId || !LIVE.includes(sub.status)) {
      await this.changed(trx, sub, 'REFUND', null, purchase.transactionId);
      return;
    }
    const next = { ...sub, status: 'revoked' as const, auto_renew: 0, next_attempt_at: null, expiration_reason: 'refund', updated_at: now };
    await repo.updateSub(trx, sub.id, { period_index: sub.period_index }, next, sub);
    await this.revoke(trx, next, 'refund');
    await this.stats(trx, next, { churned: 1 });
    await this.changed(trx, next, 'REFUND', null, purchase.transactionId);
    await this.changed(trx, next, 'REVOKE', null, purchase.transactionId);
  }
}
