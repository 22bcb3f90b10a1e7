/** SQL of the double-entry ledger. */
import { sql } from 'kysely';
import type { Executor } from '../../../db/database.js';
import type { LedgerEntriesTable, LedgerKind, LedgerTransactionsTable } from '../commerce.tables.js';

export const insertTransaction = (db: Executor, tx: LedgerTransactionsTable, entries: LedgerEntriesTable[]) =>
  db
    .insertInto('ledger_transactions')
    .values(tx)
    .execute()
    .then(() => db.insertInto('ledger_entries').values(entries).execute());

/** Many transactions with their entries in a few multi-row statements (renewal batches). */
export async function insertTransactions(db: Executor, txs: LedgerTransactionsTable[], entries: LedgerEntriesTable[]) {
  for (let i = 0; i < txs.length; i += 200)
    await db
      .insertInto('ledger_transactions')
      .values(txs.slice(i, i + 200))
      .execute();
  for (let i = 0; i < entries.length; i += 300)
    await db
      .insertInto('ledger_entries')
      .values(entries.slice(i, i + 300))
      .execute();
}

export const entriesFor = (db: Executor, kind: LedgerKind, referenceId: string) =>
  db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['e.account', 'e.developer_id', 'e.amount_minor', 'e.currency'])
    .where('t.kind', '=', kind)
    .where('t.reference_id', '=', referenceId)
    .execute();

/** Transactions whose entries do not sum to zero (or that mix currencies). */
export const unbalanced = async (db: Executor): Promise<number> => {
  const r = await sql<{ n: number }>`
    select count(*) as n from (
      select t.id from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id
      group by t.id
      having coalesce(sum(e.amount_minor), 0) <> 0 or count(e.id) = 0 or count(distinct e.currency) > 1
    ) x`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
};

/** Sum of an account's entries per currency (developer accounts by developer), up to `before`. */
export const balances = (db: Executor, q: { account: LedgerEntriesTable['account']; developerId?: string; before?: string }) => {
  let query = db
    .selectFrom('ledger_entries')
    .select(['developer_id', 'currency', (eb) => eb.fn.sum<number>('amount_minor').as('total')])
    .where('account', '=', q.account);
  if (q.developerId) query = query.where('developer_id', '=', q.developerId);
  if (q.before) query = query.where('created_at', '<', q.before);
  return query.groupBy(['developer_id', 'currency']).execute();
};

export const countTransactions = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('ledger_transactions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );

/** What each developer earned per currency from sales net of refunds, before `before` (payouts excluded). */
export const earnings = (db: Executor, before: string, developerId?: string) => {
  let q = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['e.developer_id', 'e.currency', (eb) => eb.fn.sum<number>('e.amount_minor').as('total')])
    .where('e.account', '=', 'developer_payable')
    .where('t.kind', 'in', ['purchase', 'refund'])
    .where('t.created_at', '<', before);
  if (developerId) q = q.where('e.developer_id', '=', developerId);
  return q.groupBy(['e.developer_id', 'e.currency']).execute();
};

/** Purchase and refund postings of one developer and currency in [from, to), with their entries. */
export const postings = (db: Executor, q: { developerId: string; currency?: string; from: string; to: string }) => {
  let query = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['t.id', 't.kind', 't.reference_id', 't.created_at', 't.currency', 'e.account', 'e.amount_minor'])
    .where('t.developer_id', '=', q.developerId)
    .where('t.kind', 'in', ['purchase', 'refund'])
    .where('t.created_at', '>=', q.from)
    .where('t.created_at', '<', q.to);
  if (q.currency) query = query.where('t.currency', '=', q.currency);
  return query.orderBy('t.created_at').orderBy('t.id').execute();
};
