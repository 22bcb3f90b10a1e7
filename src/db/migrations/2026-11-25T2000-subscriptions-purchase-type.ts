/**
 * Subscriptions are sold through the purchase flow, so `purchases.type` gains 'auto_renewable'
 * and the "owned once" index leaves subscription transactions out (a subscription renews into
 * many completed purchases; the subscriptions table keeps one subscription per user and group).
 * PostgreSQL swaps the check constraint; SQLite cannot alter a CHECK, so the table is rebuilt
 * (rows copied, foreign keys from refunds checked at commit) with its indexes.
 */
import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

const TYPES = sql`type in ('paid_app', 'free_app', 'consumable', 'non_consumable', 'auto_renewable')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  if (t.isPg) {
    await sql`alter table purchases drop constraint if exists purchases_type_check`.execute(db);
    await sql`alter table purchases add constraint purchases_type_check check (${TYPES})`.execute(db);
    await db.schema.dropIndex('purchases_owned_unique').execute();
  } else {
    await sql`pragma defer_foreign_keys = on`.execute(db);
    await sql`create table purchases_copy as select * from purchases`.execute(db);
    await db.schema.dropTable('purchases').execute();
    await db.schema
      .createTable('purchases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('transaction_id', 'text', (c) => c.notNull().unique())
      .addColumn('original_transaction_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
      .addColumn('bundle_id', 'text', (c) => c.notNull())
      .addColumn('developer_id', 'text', (c) => c.notNull())
      .addColumn('product_key', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'text', (c) => c.notNull().check(TYPES))
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_minor', t.bigint, (c) => c.notNull().check(sql`amount_minor >= 0`))
      .addColumn('commission_bps', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'completed', 'declined', 'voided', 'refunded')`))
      .addColumn('provider_key', 'text', (c) => c.notNull())
      .addColumn('charge_id', 'text')
      .addColumn('decline_code', 'text')
      .addColumn('receipt', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('completed_at', t.timestamp)
      .addColumn('refunded_at', t.timestamp)
      .execute();
    await sql`insert into purchases select * from purchases_copy`.execute(db);
    await db.schema.dropTable('purchases_copy').execute();
    await db.schema.createIndex('purchases_user_idx').on('purchases').columns(['user_id', 'created_at']).execute();
    await db.schema
      .createIndex('purchases_pending_idx')
      .on('purchases')
      .column('created_at')
      .where(sql.ref('status'), '=', 'pending')
      .execute();
  }
  await db.schema
    .createIndex('purchases_owned_unique')
    .on('purchases')
    .columns(['user_id', 'app_id', 'product_key'])
    .unique()
    .where(sql<boolean>`status in ('pending', 'completed') and type not in ('consumable', 'auto_renewable')`)
    .execute();
  // the status API lists an app's transactions; subscriptions list a subscription's renewals
  await db.schema.createIndex('purchases_app_idx').on('purchases').columns(['app_id', 'user_id']).execute();
  await db.schema.createIndex('purchases_original_idx').on('purchases').column('original_transaction_id').execute();
}

export async function down(_db: Kysely<unknown>): Promise<void> {
  // not reversible without losing subscription transactions
}
