/**
 * Subscriptions are sold through the purchase flow, so `purchases.type` gains 'auto_renewable'
 * and the "owned once" index leaves subscription transactions out (a subscription renews into
 * many completed purchases; the subscriptions table keeps one subscription per user and group).
 * PostgreSQL swaps the check constraint; SQLite cannot alter a CHECK, so the table is rebuilt
 * from its stored definition (rows copied, foreign keys from refunds checked at commit) with its indexes.
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
    // Rebuilt from its own definition (columns and indexes other migrations added survive):
    // copy the rows out, drop, create with the wider check, copy back (which also settles the
    // deferred foreign keys from refunds), recreate the indexes.
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'purchases'`.execute(db);
    const ddl = table.rows[0]?.sql ?? '';
    const narrow = "type in ('paid_app', 'free_app', 'consumable', 'non_consumable')";
    if (!ddl.includes(narrow)) throw new Error('purchases.type check not found: cannot widen it');
    const indexes = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master
      where type = 'index' and tbl_name = 'purchases' and sql is not null and name <> 'purchases_owned_unique'`.execute(db);
    await sql`pragma defer_foreign_keys = on`.execute(db);
    await sql`create table purchases_copy as select * from purchases`.execute(db);
    await db.schema.dropTable('purchases').execute();
    await sql.raw(ddl.replace(narrow, "type in ('paid_app', 'free_app', 'consumable', 'non_consumable', 'auto_renewable')")).execute(db);
    await sql`insert into purchases select * from purchases_copy`.execute(db);
    await db.schema.dropTable('purchases_copy').execute();
    for (const ix of indexes.rows) await sql.raw(ix.sql).execute(db);
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
