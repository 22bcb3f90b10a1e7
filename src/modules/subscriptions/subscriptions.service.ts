/**
 * Subscriptions: the facade routes and other modules use. Products live in catalog.ts, the
 * lifecycle (start, renew, fail, expire, change plan, refund) in lifecycle.ts; this file adds
 * the read side — a shopper's subscriptions, an app's subscribers and metrics, and the status
 * API developers' servers call with an API key.
 */
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { PriceInput, SubscriptionCatalog } from './catalog.js';
import type { SubscriptionLifecycle } from './lifecycle.js';
import { monthlyMinor } from './periods.js';
import * as repo from './subscriptions.repository.js';
import type { SubscriptionStatus } from './subscriptions.tables.js';

export interface SubscriptionView {
  id: string;
  originalTransactionId: string;
  bundleId: string;
  appName: string;
  groupId: string;
  productId: string;
  productName: string;
  period: string;
  status: SubscriptionStatus;
  autoRenew: boolean;
  periodStart: string;
  expiresDate: string;
  /** When the next renewal is charged (null when it will not renew). */
  renewalDate: string | null;
  renewalProductId: string;
  renewalPriceMinor: number;
  priceMinor: number;
  currency: string;
  country: string;
  priceIncrease: 'pending' | 'accepted' | null;
  billingIssue: boolean;
  gracePeriodEndsAt: string | null;
  offer: string | null;
  expirationReason: string | null;
}

export class SubscriptionsService {
  constructor(
    private readonly d: {
      db: Db;
      clock: Clock;
      catalog: CatalogService;
      commerce: CommerceServices;
      products: SubscriptionCatalog;
      lifecycle: SubscriptionLifecycle;
    },
  ) {}

  get products() {
    return this.d.products;
  }
  get lifecycle() {
    return this.d.lifecycle;
  }

  async present(db: Executor, rows: repo.SubRow[]): Promise<SubscriptionView[]> {
    const apps = new Map((await this.d.catalog.summariesByIds(db, [...new Set(rows.map((r) => r.app_id))])).map((a) => [a.id, a]));
    const out: SubscriptionView[] = [];
    for (const r of rows) {
      const product = await this.d.lifecycle.productById(db, r.sub_product_id);
      const renew = await this.d.lifecycle.productById(db, r.renew_product_id);
      const live = r.status === 'active' || r.status === 'billing_grace_period' || r.status === 'billing_retry';
      out.push({
        id: r.id,
        originalTransactionId: r.original_transaction_id,
        bundleId: apps.get(r.app_id)?.bundleId ?? '',
        appName: apps.get(r.app_id)?.name ?? '',
        groupId: r.group_id,
        productId: product.product_id,
        productName: product.name,
        period: product.period,
        status: r.status,
        autoRenew: Number(r.auto_renew) === 1,
        periodStart: r.period_start,
        expiresDate: r.expires_at,
        renewalDate: live && Number(r.auto_renew) === 1 && r.price_consent !== 'pending' ? r.expires_at : null,
        renewalProductId: renew.product_id,
        renewalPriceMinor: Number(r.renew_price_minor),
        priceMinor: Number(r.price_minor),
        currency: r.currency,
        country: r.country,
        priceIncrease: r.price_consent === 'none' ? null : r.price_consent,
        billingIssue: r.status === 'billing_grace_period' || r.status === 'billing_retry',
        gracePeriodEndsAt: r.status === 'billing_grace_period' ? r.grace_until : null,
        offer: r.offer,
        expirationReason: r.expiration_reason,
      });
    }
    return out;
  }

  /** The shopper's subscriptions, newest first. */
  async mine(userId: string): Promise<SubscriptionView[]> {
    return this.present(this.d.db, await repo.listForUser(this.d.db, userId));
  }

  async one(userId: string, id: string): Promise<SubscriptionView> {
    const sub = await this.d.lifecycle.owned(this.d.db, userId, id);
    return (await this.present(this.d.db, [sub]))[0] as SubscriptionView;
  }

  /** Plans the shopper can switch to (the subscription's group, priced in its storefront). */
  async plansFor(userId: string, id: string) {
    const sub = await this.d.lifecycle.owned(this.d.db, userId, id);
    const groups = await this.d.products.groups(this.d.db, sub.app_id, { country: sub.country });
    return groups.find((g) => g.id === sub.group_id)?.products.filter((p) => p.prices.length > 0) ?? [];
  }

  /** Developer: an app's subscribers. */
  async subscribers(developerId: string, bundleId: string, q: { limit: number; offset: number; status?: SubscriptionStatus }) {
    const app = await this.d.products.ownedApp(this.d.db, developerId, bundleId);
    const rows = await repo.listForApp(this.d.db, app.id, q.limit, q.offset, q.status);
    return this.present(this.d.db, rows);
  }

  /** Developer: daily new / churned / renewals / revenue, current counts per status and MRR per currency. */
  async metrics(developerId: string, bundleId: string, days: number) {
    const app = await this.d.products.ownedApp(this.d.db, developerId, bundleId);
    const to = this.d.clock.now();
    const from = new Date(to.getTime() - (days - 1) * 86_400_000);
    const [stats, counts, live] = await Promise.all([
      repo.statsBetween(this.d.db, app.id, from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)),
      repo.countByStatus(this.d.db, app.id),
      repo.livePrices(this.d.db, app.id),
    ]);
    const mrr = new Map<string, number>();
    for (const r of live) mrr.set(r.currency, (mrr.get(r.currency) ?? 0) + monthlyMinor(Number(r.price_minor), r.period));
    return {
      daily: stats.map((s) => ({
        day: s.day,
        currency: s.currency,
        newSubscriptions: Number(s.new_subs),
        churned: Number(s.churned),
        renewals: Number(s.renewals),
        revenueMinor: Number(s.revenue_minor),
        mrrMinor: s.mrr_minor === null ? null : Number(s.mrr_minor),
      })),
      statusCounts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      active: counts.filter((c) => c.status === 'active' || c.status === 'billing_grace_period').reduce((a, c) => a + Number(c.n), 0),
      mrr: [...mrr.entries()].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    };
  }

  /** Developer: new prices for a product; subscribers are reached in the same transaction. */
  async setPrices(developerId: string, bundleId: string, productId: string, input: { tier?: number; prices?: PriceInput[] }) {
    return inTransaction(this.d.db, async (trx) => {
      const r = await this.d.products.setPrices(trx, developerId, bundleId, productId, input);
      const subscribersNotified = await this.d.lifecycle.applyPriceChange(trx, r.product.id, r.after);
      return { product: r, subscribersNotified };
    });
  }

  // ── status API (developers' servers, API key) ──────────────────────────────
  /** Every subscription status of the buyer behind an original transaction id, in this app. */
  async statuses(developerId: string, bundleId: string, originalTransactionId: string) {
    const app = await this.d.products.ownedApp(this.d.db, developerId, bundleId);
    const sub = await repo.findByOriginal(this.d.db, originalTransactionId);
    if (!sub || sub.app_id !== app.id) throw new AppError('subscription_not_found');
    const all = (await repo.listForUser(this.d.db, sub.user_id)).filter((s) => s.app_id === app.id);
    const views = await this.present(this.d.db, all);
    return {
      bundleId,
      appAccountToken: this.d.commerce.receipts.accountToken(sub.user_id, app.id),
      data: views.map((v) => ({
        groupId: v.groupId,
        originalTransactionId: v.originalTransactionId,
        status: v.status,
        productId: v.productId,
        expiresDate: v.expiresDate,
        autoRenew: v.autoRenew,
        renewalProductId: v.renewalProductId,
        renewalPriceMinor: v.renewalPriceMinor,
        currency: v.currency,
        priceIncrease: v.priceIncrease,
        gracePeriodEndsAt: v.gracePeriodEndsAt,
        expirationReason: v.expirationReason,
      })),
    };
  }

  /** A buyer's transactions in this app, found by their app account token (optionally refunded only). */
  async transactions(developerId: string, bundleId: string, appAccountToken: string, refundedOnly = false) {
    const app = await this.d.products.ownedApp(this.d.db, developerId, bundleId);
    const userId = await this.d.commerce.history.userForAccountToken(this.d.db, app.id, appAccountToken);
    if (!userId) return { transactions: [] };
    const all = await this.d.commerce.history.forAppUser(this.d.db, app.id, userId);
    return { transactions: refundedOnly ? all.filter((t) => t.status === 'refunded') : all };
  }
}
