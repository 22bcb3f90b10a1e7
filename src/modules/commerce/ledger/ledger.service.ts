/**
 * The double-entry ledger, in integer minor units. Signs: debit positive, credit negative, and
 * every transaction sums to zero.
 *   purchase: customer_payments +gross | store_commission −commission | developer_payable −share
 *   refund:   the purchase's entries negated (exact even if the commission rate changed since)
 *   payout:   developer_payable +amount | developer_payouts −amount
 * Postings are unique per (kind, reference), so a retried step cannot post twice.
 */
import type { Executor } from '../../../db/database.js';
import { newId } from '../../../platform/ids.js';
import type { LedgerEntriesTable, LedgerKind } from '../commerce.tables.js';
import * as repo from './ledger.repository.js';

/** Commission rounded half up; the developer gets the rest, so the two always add up to `amount`. */
export function splitCommission(amountMinor: number, commissionBps: number): { commission: number; share: number } {
  const commission = Math.floor((amountMinor * commissionBps + 5000) / 10_000);
  return { commission, share: amountMinor - commission };
}

type Line = Pick<LedgerEntriesTable, 'account' | 'developer_id' | 'amount_minor'>;

export class LedgerService {
  private async post(
    trx: Executor,
    kind: LedgerKind,
    referenceId: string,
    developerId: string,
    currency: string,
    at: string,
    lines: Line[],
  ) {
    const id = newId();
    await repo.insertTransaction(
      trx,
      { id, kind, reference_id: referenceId, developer_id: developerId, currency, created_at: at },
      lines.map((l) => ({ id: newId(), transaction_id: id, ...l, currency, created_at: at })),
    );
  }

  /** Posts a completed purchase (nothing for free items: no money moved). */
  async postPurchase(
    trx: Executor,
    p: { id: string; developerId: string; amountMinor: number; currency: string; commissionBps: number; at: string },
  ): Promise<void> {
    if (p.amountMinor === 0) return;
    const { commission, share } = splitCommission(p.amountMinor, p.commissionBps);
    await this.post(trx, 'purchase', p.id, p.developerId, p.currency, p.at, [
      { account: 'customer_payments', developer_id: null, amount_minor: p.amountMinor },
      { account: 'store_commission', developer_id: null, amount_minor: -commission },
      { account: 'developer_payable', developer_id: p.developerId, amount_minor: -share },
    ]);
  }

  /** Posts many completed purchases at once (subscription renewal batches); same entries as postPurchase. */
  async postPurchases(
    trx: Executor,
    list: Array<{ id: string; developerId: string; amountMinor: number; currency: string; commissionBps: number; at: string }>,
  ): Promise<void> {
    const txs: Parameters<typeof repo.insertTransactions>[1] = [];
    const entries: Parameters<typeof repo.insertTransactions>[2] = [];
    for (const p of list) {
      if (p.amountMinor === 0) continue;
      const { commission, share } = splitCommission(p.amountMinor, p.commissionBps);
      const id = newId();
      txs.push({ id, kind: 'purchase', reference_id: p.id, developer_id: p.developerId, currency: p.currency, created_at: p.at });
      const line = (account: LedgerEntriesTable['account'], developer_id: string | null, amount_minor: number) =>
        entries.push({ id: newId(), transaction_id: id, account, developer_id, amount_minor, currency: p.currency, created_at: p.at });
      line('customer_payments', null, p.amountMinor);
      line('store_commission', null, -commission);
      line('developer_payable', p.developerId, -share);
    }
    await repo.insertTransactions(trx, txs, entries);
  }

  /** Reverses a purchase's posting for a refund. */
  async postRefund(trx: Executor, r: { refundId: string; purchaseId: string; developerId: string; at: string }): Promise<void> {
    const original = await repo.entriesFor(trx, 'purchase', r.purchaseId);
    if (original.length === 0) return;
    await this.post(
      trx,
      'refund',
      r.refundId,
      r.developerId,
      original[0]?.currency as string,
      r.at,
      original.map((e) => ({ account: e.account, developer_id: e.developer_id, amount_minor: -Number(e.amount_minor) })),
    );
  }

  async postPayout(trx: Executor, p: { payoutId: string; developerId: string; amountMinor: number; currency: string; at: string }) {
    await this.post(trx, 'payout', p.payoutId, p.developerId, p.currency, p.at, [
      { account: 'developer_payable', developer_id: p.developerId, amount_minor: p.amountMinor },
      { account: 'developer_payouts', developer_id: p.developerId, amount_minor: -p.amountMinor },
    ]);
  }

  /** What the store owes a developer per currency (positive), optionally as of a time. */
  async developerBalances(db: Executor, developerId: string, before?: string): Promise<Map<string, number>> {
    const rows = await repo.balances(db, { account: 'developer_payable', developerId, before });
    return new Map(rows.map((r) => [r.currency, -Number(r.total)]));
  }

  /** Every developer's balance per currency as of a time (payout runs). */
  async allDeveloperBalances(db: Executor, before: string) {
    return (await repo.balances(db, { account: 'developer_payable', before })).map((r) => ({
      developerId: r.developer_id as string,
      currency: r.currency,
      amountMinor: -Number(r.total),
    }));
  }

  unbalancedTransactions(db: Executor): Promise<number> {
    return repo.unbalanced(db);
  }

  countTransactions(db: Executor): Promise<number> {
    return repo.countTransactions(db);
  }
}
