/**
 * Reconciliation: resolves pending purchases whose charge outcome is unknown (a provider timeout,
 * or a crash before anyone retried) by asking the provider — charged → completed (its 201 stored
 * for the key's retry); declined → declined; no charge → the provider key is voided (so a late
 * charge cannot land on it) and the purchase voided, its key dropped. Purchases whose key is
 * locked by a live request are left to that request. Never left hanging, never charged twice.
 */
import { newId } from '../../../platform/ids.js';
import { ProviderError } from '../provider/port.js';
import * as repo from './purchases.repository.js';
import type { PurchaseDeps, PurchaseService, Run } from './purchases.service.js';

export type Resolution = 'completed' | 'declined' | 'voided' | 'skipped';

export class PurchaseReconciler {
  constructor(
    private readonly d: PurchaseDeps,
    private readonly flow: PurchaseService,
  ) {}

  async reconcileOne(p: repo.PurchaseRow): Promise<Resolution> {
    // renewals and upgrades have no idempotency key: the subscriptions module recovers them
    if (p.type === 'auto_renewable' && !p.provider_key.startsWith('pur_'))
      return (await this.d.subscriptions.port?.recover(p)) ?? 'skipped';
    const owner = `reconciler-${newId()}`;
    const key = await repo.findKeyForPurchase(this.d.db, p.id);
    if (key && !(await repo.takeLock(this.d.db, key.id, owner, this.flow.now(), this.flow.leaseUntil()))) return 'skipped';
    const run: Run = {
      key: key && { ...key, lock_owner: owner },
      owner,
      meta: { requestId: owner, instance: '/api/v1/purchases' },
      priceChanged: false,
    };
    try {
      if (Number(p.amount_minor) === 0) return (await this.flow.finish(run, p)).status === 201 ? 'completed' : 'voided';
      let found = await this.d.provider.lookup(p.provider_key);
      if (found.status === 'not_found') found = await this.d.provider.void(p.provider_key);
      if (found.status === 'succeeded') {
        // finishing records the charge id along with the grant (the key may be at started or charged)
        return (await this.flow.finish(run, { ...p, charge_id: found.chargeId })).status === 201 ? 'completed' : 'voided';
      }
      if (found.status === 'declined') {
        await this.flow.finishDeclined(run, p, found.chargeId, found.declineCode);
        return 'declined';
      }
      await this.flow.voidAttempt(p, key); // voided (or refunded) at the provider: nothing is owed
      return 'voided';
    } catch (err) {
      if (key) await repo.releaseLock(this.d.db, key.id, owner, this.flow.now()).catch(() => {});
      if (err instanceof ProviderError) return 'skipped';
      throw err;
    }
  }

  /** Reconciles pending purchases older than `olderThanMs`. */
  async reconcile(olderThanMs = this.d.config.commerce.reconcileAfterMs): Promise<Record<Resolution, number>> {
    const before = new Date(this.d.clock.now().getTime() - olderThanMs).toISOString();
    const counts: Record<Resolution, number> = { completed: 0, declined: 0, voided: 0, skipped: 0 };
    for (const p of await repo.pendingBefore(this.d.db, before, 500)) {
      try {
        counts[await this.reconcileOne(p)]++;
      } catch (err) {
        this.d.log.error({ err, purchaseId: p.id }, 'reconciliation failed');
        counts.skipped++;
      }
    }
    return counts;
  }
}
