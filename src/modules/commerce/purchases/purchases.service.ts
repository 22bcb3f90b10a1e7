/**
 * The purchase flow: idempotent (Stripe semantics, keys per user) and split into atomic phases
 * whose recovery point is stored with the key, so a crash anywhere followed by a retry with the
 * same key finishes the purchase with exactly one charge:
 *
 *   started   tx: key (fingerprint, lock lease) + pending purchase at the server's price
 *   ── charge ── outside any transaction; the provider dedups on the purchase's provider key
 *   finished  tx: charge id recorded + entitlement granted + ledger posted + purchase.completed
 *             emitted + the 201 (with its signed receipt) stored; a decline stores its 402.
 *
 * Recording the charge, granting and finishing commit together because nothing between them
 * talks to the outside world: a crash before that commit leaves the key at `started`, and the
 * retry's charge is answered from the provider's record of the same provider key. (`charged`
 * remains a valid recovery point for keys written by earlier versions, which recorded it in a
 * transaction of its own.) Both transactions are group-committed on SQLite (db/group-commit.ts).
 *
 * Every phase change is a compare-and-set on (key, lock owner, recovery point); a second
 * in-flight request sees the lock (409 idempotency_key_in_use) and a crashed owner's lease
 * lapses so a retry can take over. Owning an app or non-consumable twice is refused by unique
 * indexes (purchases in flight/completed here, live entitlements in the entitlements module).
 */
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/database.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError, isAppError, registerErrors } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import '../commerce.events.js';
import type { CommerceDeps } from '../deps.js';
import type { ProductsService, Sellable } from '../products/products.service.js';
import { type PaymentProvider, ProviderError } from '../provider/port.js';
import type { ReceiptPayload, ReceiptService } from '../receipts/receipts.service.js';
import type { SubscriptionHooks } from '../subscription-port.js';
import {
  completedEventOf,
  fingerprintOf,
  ledgerPostingOf,
  type PurchaseBody,
  type RequestMeta,
  renderProblem,
  renderSuccess,
  type StoredResponse,
} from './present.js';
import * as repo from './purchases.repository.js';

registerErrors({
  idempotency_key_mismatch: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  idempotency_key_in_use: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  payment_declined: { status: 402, title: 'The payment was declined' },
  payment_provider_unavailable: { status: 503, title: 'Payments are unavailable right now; nothing was charged' },
  payment_outcome_unknown: { status: 503, title: 'The payment provider did not answer in time; retry with the same Idempotency-Key' },
  purchase_not_found: { status: 404, title: 'No such purchase' },
});

export interface PurchaseDeps extends CommerceDeps {
  receipts: ReceiptService;
  products: ProductsService;
  /** Subscription products, when the subscriptions module is present. */
  subscriptions: SubscriptionHooks;
}

/** Who holds a key's lock during one run of the flow (a request, or the reconciler). */
export interface Run {
  key: repo.KeyRow | undefined;
  owner: string;
  meta: RequestMeta;
  priceChanged: boolean;
  /** The shopper's payment token (kept by a subscription for its renewals). */
  paymentToken?: string;
}

/** Items the entitlements module tracks per purchase (a subscription grants through its group). */
const ownsItem = (type: string) => type !== 'consumable' && type !== 'auto_renewable';

export class PurchaseService {
  private readonly inflight = new Set<Promise<StoredResponse>>();

  constructor(private readonly d: PurchaseDeps) {}

  now() {
    return this.d.clock.now().toISOString();
  }

  leaseUntil() {
    return new Date(this.d.clock.now().getTime() + this.d.config.commerce.keyLockMs).toISOString();
  }

  /** Test-only crash switch (config honours it only when NODE_ENV=test). */
  private crashPoint(point: NonNullable<Config['faultCrashAt']>) {
    if (this.d.config.faultCrashAt === point) process.kill(process.pid, 'SIGKILL');
  }

  /**
   * Buys an app or in-app product for `user` under the client's Idempotency-Key. Returns the
   * response to send (stored for replays) or throws an AppError that is not stored
   * (mismatch, key in use, provider unavailable, outcome unknown, a concurrent purchase).
   */
  async purchase(user: { id: string; country: string }, idemKey: string, body: PurchaseBody, meta: RequestMeta): Promise<StoredResponse> {
    const run = this.run(user, idemKey, body, meta);
    this.inflight.add(run);
    try {
      return await run;
    } finally {
      this.inflight.delete(run);
    }
  }

  /**
   * Waits for running purchase flows (shutdown): a client that hung up does not stop its flow,
   * and closing the database under it would leave a charged purchase for reconciliation.
   */
  async drain(timeoutMs = 20_000): Promise<void> {
    const timeout = new Promise((r) => setTimeout(r, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inflight]), timeout]);
  }

  private async run(
    user: { id: string; country: string },
    idemKey: string,
    body: PurchaseBody,
    meta: RequestMeta,
  ): Promise<StoredResponse> {
    const fingerprint = fingerprintOf(body);
    const ttlMs = this.d.config.commerce.keyTtlHours * 3_600_000;
    for (let attempt = 0; ; attempt++) {
      const existing = await repo.findKey(this.d.db, user.id, idemKey);
      if (existing && Date.parse(existing.created_at) < this.d.clock.now().getTime() - ttlMs && existing.response_status !== null) {
        await repo.deleteKey(this.d.db, existing.id); // expired: the key may be used afresh
      } else if (existing) {
        return this.reuse(existing, fingerprint, body, meta);
      }
      try {
        return await this.begin(user, idemKey, fingerprint, body, meta);
      } catch (err) {
        // a twin request stored the key between our read and insert: answer as a reuse
        if (attempt < 2 && isUniqueViolation(err, 'purchase_keys.user_id,key')) continue;
        throw err;
      }
    }
  }

  private async reuse(key: repo.KeyRow, fingerprint: string, body: PurchaseBody, meta: RequestMeta): Promise<StoredResponse> {
    if (key.fingerprint !== fingerprint) throw new AppError('idempotency_key_mismatch');
    if (key.response_status !== null)
      return { status: key.response_status, contentType: key.response_type as string, body: key.response_body as string, replayed: true };
    const owner = newId();
    if (!(await repo.takeLock(this.d.db, key.id, owner, this.now(), this.leaseUntil())))
      throw new AppError('idempotency_key_in_use', undefined, undefined, { 'retry-after': '1' });
    const purchase = key.purchase_id ? await repo.findPurchase(this.d.db, key.purchase_id) : undefined;
    if (!purchase) throw new Error(`key ${key.id} has no purchase`);
    const run: Run = {
      key: { ...key, lock_owner: owner },
      owner,
      meta,
      priceChanged: body.expectedPriceMinor !== undefined && body.expectedPriceMinor !== Number(purchase.amount_minor),
      paymentToken: body.paymentToken,
    };
    // free items never go to the provider; paid ones resumed at `started` charge (deduplicated) again
    const charged = key.recovery_point !== 'started' || Number(purchase.amount_minor) === 0;
    return this.guard(run, () => (charged ? this.finish(run, purchase) : this.charge(run, purchase, body.paymentToken, false)));
  }

  /** Phase `started`: price the item, then store key + pending purchase in one transaction. */
  private async begin(
    user: { id: string; country: string },
    idemKey: string,
    fingerprint: string,
    body: PurchaseBody,
    meta: RequestMeta,
  ): Promise<StoredResponse> {
    const now = this.now();
    const keyRow = (patch: Partial<repo.KeyRow>): repo.KeyRow => ({
      id: newId(),
      user_id: user.id,
      key: idemKey,
      fingerprint,
      recovery_point: 'started',
      purchase_id: null,
      lock_owner: null,
      locked_until: null,
      response_status: null,
      response_type: null,
      response_body: null,
      created_at: now,
      updated_at: now,
      ...patch,
    });
    let item: Sellable;
    try {
      const country = body.country ?? user.country;
      const subscription = body.productId
        ? await this.d.subscriptions.port?.resolve(this.d.db, {
            userId: user.id,
            bundleId: body.bundleId,
            productId: body.productId,
            country,
          })
        : undefined;
      item = subscription ?? (await this.d.products.resolve(this.d.db, { bundleId: body.bundleId, productId: body.productId, country }));
      if (ownsItem(item.type) && (await this.d.entitlements.isEntitled(this.d.db, user.id, item.app.id, item.productKey || null)))
        throw new AppError('already_owned');
    } catch (err) {
      if (!isAppError(err)) throw err;
      // a business answer (unknown item, not sold, owned) is final: store it with the key
      const response = renderProblem(err, meta);
      await repo.insertKey(this.d.db, keyRow({ recovery_point: 'finished', ...responseColumns(response) }));
      return response;
    }
    const id = newId();
    const transactionId = newId();
    const purchase: repo.PurchaseRow = {
      id,
      transaction_id: transactionId,
      original_transaction_id: transactionId,
      user_id: user.id,
      app_id: item.app.id,
      bundle_id: item.app.bundleId,
      developer_id: item.app.developerId,
      product_key: item.productKey,
      type: item.type,
      country: item.price.country,
      currency: item.price.currency,
      amount_minor: item.price.priceMinor,
      commission_bps: item.commissionBps,
      status: 'pending',
      provider_key: `pur_${id}`,
      payment_token: item.type === 'auto_renewable' ? body.paymentToken : null,
      charge_id: null,
      decline_code: null,
      receipt: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
      refunded_at: null,
    };
    const owner = newId();
    const key = keyRow({ purchase_id: id, lock_owner: owner, locked_until: this.leaseUntil() });
    const run: Run = {
      key,
      owner,
      meta,
      priceChanged: body.expectedPriceMinor !== undefined && body.expectedPriceMinor !== item.price.priceMinor,
      paymentToken: body.paymentToken,
    };
    try {
      // the key first: a twin request with the same key then waits on the key's unique index
      // (and answers idempotency_key_in_use), not on the purchase's
      await inTransaction(
        this.d.db,
        async (trx) => {
          await repo.insertKey(trx, key);
          await repo.insertPurchase(trx, purchase);
        },
        { group: true },
      );
    } catch (err) {
      // a purchase of the same item is in flight or done (another key, another device)
      if (isUniqueViolation(err, 'purchases.user_id,app_id,product_key'))
        throw new AppError('already_owned', 'A purchase of this item is already in progress or completed');
      throw err;
    }
    if (purchase.amount_minor === 0) return this.guard(run, () => this.finish(run, purchase));
    return this.guard(run, () => this.charge(run, purchase, body.paymentToken, true));
  }

  /** Releases the lock on unexpected failures so a retry with the same key can resume. */
  private async guard(run: Run, fn: () => Promise<StoredResponse>): Promise<StoredResponse> {
    try {
      return await fn();
    } catch (err) {
      if (!isAppError(err) && run.key) await repo.releaseLock(this.d.db, run.key.id, run.owner, this.now()).catch(() => {});
      throw err;
    }
  }

  /** The charge (outside transactions), then phase `charged`. */
  private async charge(run: Run, p: repo.PurchaseRow, token: string, firstAttempt: boolean): Promise<StoredResponse> {
    let outcome: Awaited<ReturnType<PaymentProvider['charge']>>;
    try {
      outcome = await this.d.provider.charge({
        idempotencyKey: p.provider_key,
        amountMinor: Number(p.amount_minor),
        currency: p.currency,
        token,
        reference: p.id,
      });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      return this.providerFailed(run, p, err, firstAttempt);
    }
    this.crashPoint('after_charge');
    if (outcome.status === 'declined') return this.finishDeclined(run, p, outcome.chargeId, outcome.declineCode);
    return this.finish(run, { ...p, charge_id: outcome.chargeId });
  }

  private async providerFailed(run: Run, p: repo.PurchaseRow, err: ProviderError, firstAttempt: boolean): Promise<never> {
    const headers = { 'retry-after': String(err.retryAfterSeconds) };
    if (err.notCharged && firstAttempt && run.key) {
      // Nothing was charged and no earlier attempt could have: drop the attempt (key included),
      // so the shopper can simply try again later, with this key or another.
      await this.voidAttempt(p, run.key);
      throw new AppError('payment_provider_unavailable', err.message, undefined, headers);
    }
    // Outcome unknown: keep it pending for the same-key retry or the reconciliation job.
    if (run.key) await repo.releaseLock(this.d.db, run.key.id, run.owner, this.now());
    throw new AppError(err.notCharged ? 'payment_provider_unavailable' : 'payment_outcome_unknown', err.message, undefined, headers);
  }

  /** A decline is final: stored with the key (replayed byte for byte), the purchase declined. */
  async finishDeclined(run: Run, p: repo.PurchaseRow, chargeId: string, declineCode: string): Promise<StoredResponse> {
    const response = renderProblem(new AppError('payment_declined', 'The card was declined', { declineCode }), run.meta);
    await this.inPhase(run, { recovery_point: 'finished', ...responseColumns(response) }, (trx) =>
      repo.transition(trx, p.id, 'pending', { status: 'declined', charge_id: chargeId, decline_code: declineCode, updated_at: this.now() }),
    );
    return response;
  }

  /** Nothing was (or can now be) charged: the purchase is voided and its key dropped, so any retry starts afresh. */
  async voidAttempt(p: repo.PurchaseRow, key: repo.KeyRow | undefined): Promise<void> {
    await inTransaction(this.d.db, async (trx) => {
      await repo.transition(trx, p.id, 'pending', { status: 'voided', updated_at: this.now() });
      if (key) await repo.deleteKey(trx, key.id);
    });
  }

  /** Phase `finished`: record the charge, grant, post, emit and store the 201 in one transaction. */
  async finish(run: Run, purchase: repo.PurchaseRow): Promise<StoredResponse> {
    const payload = await this.receiptFor(purchase);
    // a resubscription continues its subscription's original transaction
    const p = { ...purchase, original_transaction_id: payload.originalTransactionId };
    const receipt = await this.d.receipts.sign(payload);
    const response = renderSuccess(p, receipt, run.priceChanged, payload.expiresDate);
    this.crashPoint('before_finish');
    const now = this.now();
    try {
      await this.inPhase(run, { recovery_point: 'finished', ...responseColumns(response) }, async (trx) => {
        const done = {
          status: 'completed' as const,
          charge_id: p.charge_id,
          payment_token: null,
          receipt,
          original_transaction_id: p.original_transaction_id,
          completed_at: now,
        };
        if (!(await repo.transition(trx, p.id, 'pending', { ...done, updated_at: now })))
          throw new Error(`purchase ${p.id} is no longer pending`);
        if (ownsItem(p.type))
          await this.d.entitlements.grant(trx, {
            userId: p.user_id,
            appId: p.app_id,
            productId: p.product_key || null,
            source: Number(p.amount_minor) > 0 ? 'purchase' : 'free',
            sourceId: p.id,
          });
        if (p.type === 'auto_renewable') {
          const port = this.d.subscriptions.port;
          if (!port) throw new Error('subscription purchase without the subscriptions module');
          // a run without the shopper's request (reconciliation) takes the token stored at `started`
          await port.started(trx, p, run.paymentToken ?? p.payment_token ?? null);
        }
        await this.d.ledger.postPurchase(trx, ledgerPostingOf(p, now));
        await this.d.bus.emit(trx, completedEventOf(p));
      });
    } catch (err) {
      if (isAppError(err) && err.code === 'already_owned') return this.compensate(run, p, err);
      throw err;
    }
    return response;
  }

  /** The item became owned another way after we charged: refund the charge, store the 409. */
  private async compensate(run: Run, p: repo.PurchaseRow, err: AppError): Promise<StoredResponse> {
    if (p.charge_id && Number(p.amount_minor) > 0)
      await this.d.provider.refund({ idempotencyKey: `comp_${p.id}`, chargeId: p.charge_id, amountMinor: Number(p.amount_minor) });
    const response = renderProblem(err, run.meta);
    await this.inPhase(run, { recovery_point: 'finished', ...responseColumns(response) }, (trx) =>
      repo.transition(trx, p.id, 'pending', { status: 'voided', charge_id: p.charge_id, updated_at: this.now() }),
    );
    return response;
  }

  /**
   * Runs `fn` and advances the key from the recovery point this run found it at, in one
   * (group-committed) transaction; throws idempotency_key_in_use when another owner took the
   * key over (its run finishes the purchase instead).
   */
  async inPhase(run: Run, patch: Partial<repo.KeyRow>, fn: (trx: Db) => Promise<unknown>) {
    await inTransaction(
      this.d.db,
      async (trx) => {
        const key = run.key;
        if (key && !(await repo.advance(trx, key.id, run.owner, key.recovery_point, { ...patch, updated_at: this.now() })))
          throw new AppError('idempotency_key_in_use', 'Another request took this Idempotency-Key over', undefined, { 'retry-after': '1' });
        await fn(trx);
      },
      { group: true },
    );
  }

  /** The receipt payload, with the subscription's members (expiresDate...) for subscription transactions. */
  async receiptFor(p: repo.PurchaseRow): Promise<ReceiptPayload> {
    const base = this.receiptPayload(p);
    const port = this.d.subscriptions.port;
    if (p.type !== 'auto_renewable' || !port) return base;
    return { ...base, ...(await port.receiptExtras(this.d.db, p)) };
  }

  receiptPayload(p: repo.PurchaseRow): ReceiptPayload {
    return {
      transactionId: p.transaction_id,
      originalTransactionId: p.original_transaction_id,
      bundleId: p.bundle_id,
      productId: p.product_key || null,
      type: p.type,
      purchaseDate: p.created_at,
      amount: Number(p.amount_minor),
      currency: p.currency,
      storefront: p.country,
      environment: this.d.receipts.environment,
      appAccountToken: this.d.receipts.accountToken(p.user_id, p.app_id),
    };
  }

  /** Drops idempotency keys past their time to live (24 h by default). */
  async reapKeys(): Promise<number> {
    const before = new Date(this.d.clock.now().getTime() - this.d.config.commerce.keyTtlHours * 3_600_000).toISOString();
    return repo.reapKeys(this.d.db, before);
  }
}

export function responseColumns(r: StoredResponse) {
  return { response_status: r.status, response_type: r.contentType, response_body: r.body };
}
