/**
 * `orchard audit`: checks money and entitlements across the store and the payment provider.
 * Pending purchases are reconciled first, so what is left unexplained is a real problem:
 *   charges                 successful charges the provider recorded (later refunded ones included)
 *   purchases               paid purchases the store completed (later refunded ones included)
 *   entitlements            live entitlements granted by purchases
 *   duplicateCharges        successful charges beyond the first for one purchase
 *   unbalancedTransactions  ledger transactions whose entries do not sum to zero
 *   orphanCharges           charges still captured whose purchase did not complete
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import type { EntitlementsService } from '../../entitlements/entitlements.service.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import type { PaymentProvider } from '../provider/port.js';
import type { PurchaseReconciler } from '../purchases/reconcile.js';

export interface AuditReport {
  reconciled: { completed: number; declined: number; voided: number; skipped: number };
  inFlight: number;
  unpostedPurchases: number;
  charges: number;
  purchases: number;
  entitlements: number;
  duplicateCharges: number;
  unbalancedTransactions: number;
  orphanCharges: number;
}

export async function runAudit(d: {
  db: Db;
  provider: PaymentProvider;
  reconciler: PurchaseReconciler;
  ledger: LedgerService;
  entitlements: EntitlementsService;
}): Promise<AuditReport> {
  const reconciled = await d.reconciler.reconcile(0);
  let charges = 0;
  let duplicateCharges = 0;
  let orphanCharges = 0;
  let inFlight = 0;
  const capturedPerReference = new Map<string, number>();
  for (let after = ''; ; ) {
    const batch = await d.provider.scanCharges(after, 1000);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]?.id as string;
    const captured = batch.filter((c) => c.status === 'succeeded' || c.status === 'refunded');
    charges += captured.length;
    const refs = [...new Set(captured.map((c) => c.reference))];
    const rows = refs.length
      ? await d.db.selectFrom('purchases').select(['id', 'status', 'charge_id']).where('id', 'in', refs).execute()
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const c of captured) {
      const n = (capturedPerReference.get(c.reference) ?? 0) + 1;
      capturedPerReference.set(c.reference, n);
      if (n > 1) duplicateCharges++;
      if (c.status !== 'succeeded') continue; // refunded: settled either way
      const p = byId.get(c.reference);
      if (p?.status === 'pending') inFlight++;
      else if (!p || (p.status !== 'completed' && p.status !== 'refunded')) orphanCharges++;
    }
  }
  // paid purchases that completed (refunded later or not), and those among them never posted
  const paid = d.db.selectFrom('purchases').where('status', 'in', ['completed', 'refunded']).where('amount_minor', '>', 0);
  const purchases = await count(paid);
  const unposted = await count(
    paid.where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('ledger_transactions').select('id').where('kind', '=', 'purchase').whereRef('reference_id', '=', 'purchases.id'),
        ),
      ),
    ),
  );
  return {
    reconciled,
    inFlight,
    unpostedPurchases: unposted,
    charges,
    purchases,
    entitlements: await d.entitlements.countLive(d.db, 'purchase'),
    duplicateCharges,
    unbalancedTransactions: await d.ledger.unbalancedTransactions(d.db),
    orphanCharges,
  };
}

const count = async (q: SelectQueryBuilder<DB, 'purchases', object>) =>
  Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

/** The audit fails when money is wrong: a duplicate charge, an unbalanced posting or an orphan charge. */
export const auditFailed = (r: AuditReport) => r.duplicateCharges !== 0 || r.unbalancedTransactions !== 0 || r.orphanCharges !== 0;
