/**
 * Read side of purchases: a shopper's history (with receipts and refund state), their library of
 * owned apps, and the live status behind a receipt.
 */
import type { Db, Executor } from '../../../db/database.js';
import { AppError } from '../../../platform/errors.js';
import type { CatalogService } from '../../catalog/catalog.service.js';
import type { EntitlementsService } from '../../entitlements/entitlements.service.js';
import type { PurchaseStatus } from '../commerce.tables.js';
import type { LibraryEntry, PurchaseHistoryEntry, ReceiptVerification } from '../commerce.types.js';
import type { ReceiptService } from '../receipts/receipts.service.js';
import * as refundsRepo from '../refunds/refunds.repository.js';
import type { SubscriptionHooks } from '../subscription-port.js';
import { presentPurchase } from './present.js';
import * as repo from './purchases.repository.js';

export type ReceiptStatus = 'active' | 'refunded' | 'revoked' | 'expired';
const HISTORY: PurchaseStatus[] = ['completed', 'refunded'];

export class PurchaseHistory {
  constructor(
    private readonly d: {
      db: Db;
      catalog: CatalogService;
      entitlements: EntitlementsService;
      receipts: ReceiptService;
      subscriptions: SubscriptionHooks;
    },
  ) {}

  async list(db: Executor, userId: string, limit: number, offset: number): Promise<{ purchases: PurchaseHistoryEntry[]; total: number }> {
    const [rows, total] = await Promise.all([repo.listForUser(db, userId, HISTORY, limit, offset), repo.countForUser(db, userId, HISTORY)]);
    const refunds = await refundsRepo.latestForPurchases(
      db,
      rows.map((r) => r.id),
    );
    const apps = new Map((await this.d.catalog.summariesByIds(db, [...new Set(rows.map((r) => r.app_id))])).map((a) => [a.id, a]));
    return {
      purchases: rows.map((r) => {
        const refund = refunds.get(r.id);
        const app = apps.get(r.app_id);
        return {
          ...presentPurchase(r),
          appName: app?.name ?? r.bundle_id,
          iconUrl: app?.iconUrl ?? null,
          receipt: r.receipt,
          refund: refund
            ? { id: refund.id, status: refund.status, requestedAt: refund.created_at, decidedAt: refund.decided_at, note: refund.note }
            : null,
        };
      }),
      total,
    };
  }

  /** Apps the user owns (any source), newest first, with catalog summaries and owned in-app products. */
  async library(db: Executor, userId: string): Promise<{ apps: LibraryEntry[] }> {
    const owned = await this.d.entitlements.listForUser(db, userId, 1000, 0);
    const apps = new Map((await this.d.catalog.summariesByIds(db, [...new Set(owned.map((e) => e.appId))])).map((a) => [a.id, a]));
    const byApp = new Map<
      string,
      { app: NonNullable<ReturnType<typeof apps.get>>; source: string; acquiredAt: string; products: string[] }
    >();
    for (const e of owned) {
      const app = apps.get(e.appId);
      if (!app) continue;
      const entry = byApp.get(e.appId) ?? { app, source: e.source, acquiredAt: e.grantedAt, products: [] };
      if (e.productId) entry.products.push(e.productId);
      else {
        entry.source = e.source;
        entry.acquiredAt = e.grantedAt;
      }
      byApp.set(e.appId, entry);
    }
    return { apps: [...byApp.values()] };
  }

  /** Verifies a receipt and adds the live status of its transaction. */
  async verify(jws: string, bundleId?: string): Promise<ReceiptVerification> {
    const v = await this.d.receipts.verify(jws, { bundleId });
    if (!v.valid) return { valid: false, status: null, transaction: null, reason: v.reason };
    const p = await repo.findByTransaction(this.d.db, v.payload.transactionId);
    if (!p) return { valid: false, status: null, transaction: null, reason: 'unknown_transaction' };
    return { valid: true, status: await this.status(p), transaction: v.payload };
  }

  private async status(p: repo.PurchaseRow): Promise<ReceiptStatus> {
    if (p.status === 'refunded') return 'refunded';
    if (p.status !== 'completed') return 'revoked';
    if (p.type === 'consumable') return 'active';
    const port = this.d.subscriptions.port;
    if (p.type === 'auto_renewable' && port) return port.status(this.d.db, p);
    const e = await this.d.entitlements.find(this.d.db, p.user_id, p.app_id, p.product_key || null);
    return e && e.sourceId === p.id ? 'active' : 'revoked';
  }

  /** A buyer's completed and refunded transactions in one app, oldest first (the status API for developers). */
  async forAppUser(db: Executor, appId: string, userId: string) {
    const rows = await db
      .selectFrom('purchases')
      .selectAll()
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('status', 'in', HISTORY)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ ...presentPurchase(r), receipt: r.receipt, refundedAt: r.refunded_at }));
  }

  /** The user behind an app account token (tokens are per user and app; found among the app's buyers). */
  async userForAccountToken(db: Executor, appId: string, token: string): Promise<string | undefined> {
    const buyers = await db.selectFrom('purchases').select('user_id').distinct().where('app_id', '=', appId).execute();
    return buyers.find((b) => this.d.receipts.accountToken(b.user_id, appId) === token)?.user_id;
  }

  async get(db: Executor, userId: string, purchaseId: string) {
    const p = await repo.findPurchase(db, purchaseId);
    if (!p || p.user_id !== userId) throw new AppError('purchase_not_found');
    return p;
  }
}
