import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
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
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('paid_app', 'free_app', 'consumable', 'non_consumable')`))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addColumn('commission_bps', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'completed', 'declined', 'voided', 'refunded')`))
    // derived from the id (so unique without an index of its own): the provider dedups on it
    .addColumn('provider_key', 'text', (c) => c.notNull())
    .addColumn('charge_id', 'text')
    .addColumn('decline_code', 'text')
    .addColumn('receipt', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('completed_at', t.timestamp)
    .addColumn('refunded_at', t.timestamp)
    .execute();
  // An app or non-consumable is bought once: while a purchase is in flight or completed, a second
  // one for the same user and item is refused by the database (refunds leave this index).
  await db.schema
    .createIndex('purchases_owned_unique')
    .on('purchases')
    .columns(['user_id', 'app_id', 'product_key'])
    .unique()
    .where(sql<boolean>`status in ('pending', 'completed') and type <> 'consumable'`)
    .execute();
  await db.schema.createIndex('purchases_user_idx').on('purchases').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createIndex('purchases_pending_idx')
    .on('purchases')
    .column('created_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('purchase_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recovery_point', 'text', (c) => c.notNull().check(sql`recovery_point in ('started', 'charged', 'finished')`))
    .addColumn('purchase_id', 'text') // no foreign key: the key row is written first (see purchases.service)
    .addColumn('lock_owner', 'text')
    .addColumn('locked_until', t.timestamp)
    .addColumn('response_status', 'integer')
    .addColumn('response_type', 'text')
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('purchase_keys_user_key_unique', ['user_id', 'key'])
    .execute();
  await db.schema.createIndex('purchase_keys_created_idx').on('purchase_keys').column('created_at').execute();
  await db.schema.createIndex('purchase_keys_purchase_idx').on('purchase_keys').column('purchase_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['purchase_keys', 'purchases']) await db.schema.dropTable(table).execute();
}
