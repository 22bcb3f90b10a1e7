/**
 * The seam between the purchase flow and the subscriptions module (which comes later in the
 * module order, so commerce cannot import it). Subscriptions plug an implementation in at
 * start-up; without one, subscription products simply do not exist. Through it, buying a
 * subscription is an ordinary purchase (same endpoint, idempotency, charge, ledger, receipt),
 * and a receipt's live status follows the subscription.
 */
import type { Executor } from '../../db/database.js';
import type { Sellable } from './products/products.service.js';
import type { PurchaseRow } from './purchases/purchases.repository.js';

export type SubscriptionReceiptStatus = 'active' | 'refunded' | 'revoked' | 'expired';

export interface SubscriptionPort {
  /**
   * The subscription product sold as `productId` in this app, priced for this user in this
   * storefront (an introductory offer they are eligible for applied), or undefined when
   * `productId` is not a subscription. Throws AppError for business refusals (already subscribed).
   */
  resolve(db: Executor, q: { userId: string; bundleId: string; productId: string; country: string }): Promise<Sellable | undefined>;
  /** Members the receipt of a subscription transaction adds (expiresDate, offer...). */
  receiptExtras(db: Executor, p: PurchaseRow): Promise<Record<string, unknown>>;
  /**
   * Inside the transaction that completes an initial purchase: start (or restart) the
   * subscription and grant access. Throws AppError('already_owned') when the user already has
   * a live subscription in the group (the charge is then refunded by the purchase flow).
   */
  started(trx: Executor, p: PurchaseRow, paymentToken: string | null): Promise<void>;
  /** Live status of a subscription transaction for receipt verification. */
  status(db: Executor, p: PurchaseRow): Promise<SubscriptionReceiptStatus>;
  /** Resolves a pending renewal/upgrade purchase (reconciliation, audit): asks the provider and records the outcome once. */
  recover(p: PurchaseRow): Promise<'completed' | 'declined' | 'voided' | 'skipped'>;
}

/** Holds the port once the subscriptions module registers it. */
export class SubscriptionHooks {
  port: SubscriptionPort | undefined;
  set(port: SubscriptionPort): void {
    this.port = port;
  }
}
