/**
 * Charges that no shopper request drives: subscription renewals and upgrades. The subscriptions
 * module owns the schedule and the claim (one charge row per subscription, period and attempt);
 * commerce owns the money: a pending purchase under a provider key chosen by the caller (so a
 * retried or recovered renewal reuses it and the provider never charges twice), then the
 * completion that posts the ledger, signs the receipt and emits purchase.completed exactly like a
 * purchase, in the caller's transaction.
 */
import type { Executor } from '../../../db/database.js';
import { newId } from '../../../platform/ids.js';
import type { ChargeLookup, ChargeOutcome } from '../provider/port.js';
import { ProviderError } from '../provider/port.js';
import { completedEventOf, ledgerPostingOf } from './present.js';
import * as repo from './purchases.repository.js';
import type { PurchaseDeps, PurchaseService } from './purchases.service.js';

export interface RecurringInput {
  userId: string;
  appId: string;
  bundleId: string;
  developerId: string;
  /** The subscription product id (shown on receipts and history). */
  productId: string;
  country: string;
  currency: string;
  amountMinor: number;
  originalTransactionId: string;
  /** Deterministic per (subscription, period, attempt): the provider dedups on it. */
  providerKey: string;
  /** The purchase id to use (the caller records it with its claim first). */
  id?: string;
  /** The developer's commission rate, when the caller already knows it (batches). */
  commissionBps?: number;
}

export type RecurringOutcome = ChargeOutcome | { status: 'failed'; error: ProviderError };

export class RecurringCharges {
  constructor(
    private readonly d: PurchaseDeps,
    private readonly purchases: PurchaseService,
  ) {}

  /** Opens a pending subscription purchase in the caller's transaction. */
  async open(trx: Executor, input: RecurringInput): Promise<repo.PurchaseRow> {
    const row = await this.row(trx, input);
    await repo.insertPurchase(trx, row);
    return row;
  }

  /** Opens many pending subscription purchases in a few multi-row inserts (renewal batches). */
  async openMany(trx: Executor, inputs: RecurringInput[]): Promise<repo.PurchaseRow[]> {
    const rows: repo.PurchaseRow[] = [];
    for (const input of inputs) rows.push(await this.row(trx, input));
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('purchases')
        .values(rows.slice(i, i + 200))
        .execute();
    return rows;
  }

  private async row(trx: Executor, input: RecurringInput): Promise<repo.PurchaseRow> {
    const now = this.d.clock.now().toISOString();
    const id = input.id ?? newId();
    const row: repo.PurchaseRow = {
      id,
      transaction_id: newId(),
      original_transaction_id: input.originalTransactionId,
      user_id: input.userId,
      app_id: input.appId,
      bundle_id: input.bundleId,
      developer_id: input.developerId,
      product_key: input.productId,
      type: 'auto_renewable',
      country: input.country,
      currency: input.currency,
      amount_minor: input.amountMinor,
      commission_bps: input.commissionBps ?? (await this.d.products.commissionBps(trx, input.developerId)),
      status: 'pending',
      provider_key: input.providerKey,
      payment_token: null,
      charge_id: null,
      decline_code: null,
      receipt: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
      refunded_at: null,
    };
    return row;
  }

  find(db: Executor, purchaseId: string) {
    return repo.findPurchase(db, purchaseId);
  }

  /** Several purchases by id, in no particular order (missing ids are left out). */
  findMany(db: Executor, purchaseIds: string[]) {
    return repo.findPurchases(db, purchaseIds);
  }

  /** Charges (outside any transaction). Provider failures come back as `failed`, never thrown. */
  async charge(p: repo.PurchaseRow, token: string | null): Promise<RecurringOutcome> {
    if (Number(p.amount_minor) === 0) return { status: 'succeeded', chargeId: '' };
    try {
      return await this.d.provider.charge({
        idempotencyKey: p.provider_key,
        amountMinor: Number(p.amount_minor),
        currency: p.currency,
        token: token ?? '',
        reference: p.id,
      });
    } catch (err) {
      if (err instanceof ProviderError) return { status: 'failed', error: err };
      throw err;
    }
  }

  /** What the provider knows about a purchase's key (recovery after a crash). */
  lookup(p: repo.PurchaseRow): Promise<ChargeLookup> {
    return this.d.provider.lookup(p.provider_key);
  }

  /** Signs the receipt of a subscription transaction (with the subscription's members). */
  async receipt(p: repo.PurchaseRow, extras: Record<string, unknown>): Promise<string> {
    return this.d.receipts.sign({ ...this.purchases.receiptPayload(p), ...extras });
  }

  /**
   * Completes a charged subscription purchase in the caller's transaction: purchase completed
   * with its receipt, ledger posted, purchase.completed emitted. False when it was not pending.
   */
  async complete(trx: Executor, p: repo.PurchaseRow, chargeId: string, receipt: string): Promise<boolean> {
    const now = this.d.clock.now().toISOString();
    const ok = await repo.transition(trx, p.id, 'pending', {
      status: 'completed',
      charge_id: chargeId || null,
      receipt,
      completed_at: now,
      updated_at: now,
    });
    if (!ok) return false;
    await this.d.ledger.postPurchase(trx, ledgerPostingOf(p, now));
    await this.d.bus.emit(trx, completedEventOf(p));
    return true;
  }

  /**
   * Completes many charged subscription purchases in the caller's transaction (renewal batches):
   * compare-and-set from pending in multi-row updates, then multi-row ledger postings and one
   * outbox insert for all of them. Returns the ids that completed.
   */
  async completeMany(trx: Executor, items: Array<{ p: repo.PurchaseRow; chargeId: string; receipt: string }>): Promise<Set<string>> {
    const now = this.d.clock.now().toISOString();
    const completed = await repo.completeMany(
      trx,
      items.map(({ p, chargeId, receipt }) => ({ id: p.id, chargeId: chargeId || null, receipt })),
      now,
    );
    const done = items.filter(({ p }) => completed.has(p.id)).map(({ p }) => p);
    await this.d.ledger.postPurchases(
      trx,
      done.map((p) => ledgerPostingOf(p, now)),
    );
    await this.d.bus.emit(trx, done.map(completedEventOf));
    return new Set(done.map((p) => p.id));
  }

  /** A declined charge, in the caller's transaction. */
  async decline(trx: Executor, p: repo.PurchaseRow, chargeId: string, declineCode: string): Promise<boolean> {
    return repo.transition(trx, p.id, 'pending', {
      status: 'declined',
      charge_id: chargeId || null,
      decline_code: declineCode,
      updated_at: this.d.clock.now().toISOString(),
    });
  }

  /** Closes a pending purchase that was never charged (the provider key is voided first). */
  async voidIfUncharged(trx: Executor, p: repo.PurchaseRow): Promise<boolean> {
    return repo.transition(trx, p.id, 'pending', { status: 'voided', updated_at: this.d.clock.now().toISOString() });
  }
}
