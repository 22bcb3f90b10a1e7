import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('purchase', 'refund', 'payout')`))
    .addColumn('reference_id', 'text', (c) => c.notNull())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('ledger_transactions_reference_unique', ['kind', 'reference_id'])
    .execute();
  await db.schema.createIndex('ledger_transactions_created_idx').on('ledger_transactions').column('created_at').execute();
  // a developer's postings by time: revenue, statements
  await db.schema
    .createIndex('ledger_transactions_developer_idx')
    .on('ledger_transactions')
    .columns(['developer_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transaction_id', 'text', (c) => c.notNull().references('ledger_transactions.id'))
    .addColumn('account', 'text', (c) =>
      c.notNull().check(sql`account in ('customer_payments', 'store_commission', 'developer_payable', 'developer_payouts')`),
    )
    .addColumn('developer_id', 'text')
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entries_tx_idx').on('ledger_entries').column('transaction_id').execute();
  await db.schema
    .createIndex('ledger_entries_account_idx')
    .on('ledger_entries')
    .columns(['account', 'developer_id', 'currency', 'created_at'])
    .execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purchase_id', 'text', (c) => c.notNull().references('purchases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'approved', 'rejected', 'completed')`))
    .addColumn('auto_approved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_by', 'text')
    .addColumn('note', 'text')
    .addColumn('provider_refund_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('decided_at', t.timestamp)
    .addColumn('completed_at', t.timestamp)
    .execute();
  // One open or completed refund per purchase; a rejected request may be followed by another.
  await db.schema
    .createIndex('refunds_purchase_unique')
    .on('refunds')
    .column('purchase_id')
    .unique()
    .where(sql<boolean>`status <> 'rejected'`)
    .execute();
  await db.schema.createIndex('refunds_status_idx').on('refunds').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('payouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('payouts_developer_period_unique', ['developer_id', 'period', 'currency'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['payouts', 'refunds', 'ledger_entries', 'ledger_transactions']) await db.schema.dropTable(table).execute();
}
