/**
 * Refunds: a shopper asks from their purchase history; an admin approves or rejects, or the
 * auto-approve rule does (small amounts, soon after the purchase). Carrying one out crosses the
 * provider, so it runs in steps: `approved` is stored first, then the provider refunds (idempotent
 * on the refund id), then one transaction completes it — purchase refunded, entitlement revoked,
 * ledger reversed, purchase.refunded emitted (the developer's notification). A job retries
 * approved refunds whose provider step failed.
 */
import type { Executor } from '../../../db/database.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError, registerErrors } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { RefundStatus } from '../commerce.tables.js';
import type { Refund } from '../commerce.types.js';

export type { Refund };

import type { CommerceDeps } from '../deps.js';
import { toUsdMinor } from '../products/tiers.js';
import { ProviderError } from '../provider/port.js';
import { purchaseEventBase } from '../purchases/present.js';
import * as purchases from '../purchases/purchases.repository.js';
import * as repo from './refunds.repository.js';

registerErrors({
  refund_exists: { status: 409, title: 'A refund was already requested for this purchase' },
  refund_not_allowed: { status: 422, title: 'This purchase cannot be refunded' },
  refund_not_found: { status: 404, title: 'No such refund' },
  refund_not_pending: { status: 409, title: 'This refund was already decided' },
});

const present = (r: repo.RefundRow): Refund => ({
  id: r.id,
  purchaseId: r.purchase_id,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  reason: r.reason,
  status: r.status,
  autoApproved: Number(r.auto_approved) === 1,
  note: r.note,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  completedAt: r.completed_at,
});

export class RefundService {
  constructor(private readonly d: CommerceDeps) {}

  private now() {
    return this.d.clock.now().toISOString();
  }

  /** A shopper's refund request; approved and carried out at once when the auto-approve rule allows. */
  async request(userId: string, purchaseId: string, reason: string): Promise<Refund> {
    const p = await purchases.findPurchase(this.d.db, purchaseId);
    if (!p || p.user_id !== userId) throw new AppError('purchase_not_found');
    if (p.status !== 'completed') throw new AppError('refund_not_allowed', `The purchase is ${p.status}`);
    const now = this.now();
    const c = this.d.config.commerce;
    const auto =
      toUsdMinor(Number(p.amount_minor), p.currency) <= c.refundAutoApproveMaxUsdMinor &&
      this.d.clock.now().getTime() - Date.parse(p.completed_at ?? p.created_at) <= c.refundAutoApproveHours * 3_600_000;
    const row: repo.RefundRow = {
      id: newId(),
      purchase_id: p.id,
      user_id: userId,
      developer_id: p.developer_id,
      amount_minor: Number(p.amount_minor),
      currency: p.currency,
      reason,
      status: auto ? 'approved' : 'requested',
      auto_approved: auto ? 1 : 0,
      decided_by: auto ? 'auto' : null,
      note: null,
      provider_refund_id: null,
      created_at: now,
      decided_at: auto ? now : null,
      completed_at: null,
    };
    try {
      await repo.insertRefund(this.d.db, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('refund_exists');
      throw err;
    }
    return auto ? this.execute(row.id) : present(row);
  }

  async approve(adminId: string, refundId: string, note?: string): Promise<Refund> {
    await this.decide(refundId, 'approved', adminId, note);
    return this.execute(refundId);
  }

  async reject(adminId: string, refundId: string, note?: string): Promise<Refund> {
    await this.decide(refundId, 'rejected', adminId, note);
    return this.get(this.d.db, refundId);
  }

  private async decide(refundId: string, to: 'approved' | 'rejected', adminId: string, note?: string) {
    await this.get(this.d.db, refundId);
    if (
      !(await repo.transition(this.d.db, refundId, 'requested', {
        status: to,
        decided_by: adminId,
        decided_at: this.now(),
        note: note ?? null,
      }))
    )
      throw new AppError('refund_not_pending');
  }

  /** Carries out an approved refund; on a provider failure it stays approved for the retry job. */
  async execute(refundId: string): Promise<Refund> {
    const r = await this.get(this.d.db, refundId);
    if (r.status !== 'approved') return r;
    const p = await purchases.findPurchase(this.d.db, r.purchaseId);
    if (!p) throw new AppError('purchase_not_found');
    let providerRefundId: string | null = null;
    if (Number(p.amount_minor) > 0 && p.charge_id) {
      try {
        providerRefundId = (
          await this.d.provider.refund({ idempotencyKey: `ref_${r.id}`, chargeId: p.charge_id, amountMinor: r.amountMinor })
        ).refundId;
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        this.d.log.warn({ err, refundId }, 'refund at the provider failed; will retry');
        return r;
      }
    }
    const now = this.now();
    await inTransaction(this.d.db, async (trx) => {
      if (!(await repo.transition(trx, r.id, 'approved', { status: 'completed', provider_refund_id: providerRefundId, completed_at: now })))
        return;
      await purchases.transition(trx, p.id, 'completed', { status: 'refunded', refunded_at: now, updated_at: now });
      if (p.type !== 'consumable' && p.type !== 'auto_renewable')
        // a subscription's access is withdrawn by the subscriptions module
        await this.d.entitlements.revoke(trx, { userId: p.user_id, appId: p.app_id, productId: p.product_key || null, reason: 'refund' });
      await this.d.ledger.postRefund(trx, { refundId: r.id, purchaseId: p.id, developerId: p.developer_id, at: now });
      await this.d.bus.emit(trx, {
        type: 'purchase.refunded',
        aggregateId: p.user_id,
        payload: { ...purchaseEventBase(p), refundId: r.id, reason: r.reason },
      });
    });
    return this.get(this.d.db, refundId);
  }

  /** Retries approved refunds stuck at the provider step (job). */
  async retryApproved(): Promise<number> {
    const before = new Date(this.d.clock.now().getTime() - 30_000).toISOString();
    let done = 0;
    for (const r of await repo.approvedBefore(this.d.db, before)) if ((await this.execute(r.id)).status === 'completed') done++;
    return done;
  }

  async get(db: Executor, refundId: string): Promise<Refund> {
    const r = await repo.findRefund(db, refundId);
    if (!r) throw new AppError('refund_not_found');
    return present(r);
  }

  async list(db: Executor, q: { status?: RefundStatus; limit: number; offset: number }): Promise<Refund[]> {
    return (await repo.list(db, q)).map(present);
  }
}
