/** Payout statements: the lines of a period per developer and currency, as JSON and CSV. */
import type { Statement, StatementLine } from '../commerce.types.js';
import type { postings } from '../ledger/ledger.repository.js';

export type { Statement, StatementLine };

/** Folds ledger postings (one row per entry) into one line per transaction. */
export function linesFrom(rows: Awaited<ReturnType<typeof postings>>): StatementLine[] {
  const byTx = new Map<string, StatementLine>();
  for (const r of rows) {
    const line = byTx.get(r.id) ?? {
      date: r.created_at,
      type: r.kind === 'refund' ? ('refund' as const) : ('sale' as const),
      reference: r.reference_id,
      grossMinor: 0,
      commissionMinor: 0,
      netMinor: 0,
    };
    const amount = Number(r.amount_minor);
    if (r.account === 'customer_payments') line.grossMinor += amount;
    else if (r.account === 'store_commission') line.commissionMinor -= amount;
    else if (r.account === 'developer_payable') line.netMinor -= amount;
    byTx.set(r.id, line);
  }
  return [...byTx.values()];
}

export function totalsOf(lines: StatementLine[]) {
  return lines.reduce(
    (t, l) => ({
      grossMinor: t.grossMinor + l.grossMinor,
      commissionMinor: t.commissionMinor + l.commissionMinor,
      netMinor: t.netMinor + l.netMinor,
    }),
    { grossMinor: 0, commissionMinor: 0, netMinor: 0 },
  );
}

export function statementCsv(s: Statement): string {
  const rows = [
    ['date', 'type', 'reference', 'gross_minor', 'commission_minor', 'net_minor', 'currency'],
    ['', 'opening_balance', '', '', '', String(s.openingBalanceMinor), s.currency],
    ...s.lines.map((l) => [l.date, l.type, l.reference, String(l.grossMinor), String(l.commissionMinor), String(l.netMinor), s.currency]),
    ['', 'total', '', String(s.totals.grossMinor), String(s.totals.commissionMinor), String(s.totals.netMinor), s.currency],
    ['', 'payout', '', '', '', String(s.payoutMinor), s.currency],
  ];
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}
