import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('iap_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('consumable', 'non_consumable')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'removed')`))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('iap_products_app_product_unique', ['app_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('iap_prices')
    .addColumn('iap_id', 'text', (c) => c.notNull().references('iap_products.id').onDelete('cascade'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('price_minor', t.bigint, (c) => c.notNull().check(sql`price_minor >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iap_prices_pk', ['iap_id', 'country'])
    .execute();

  await db.schema
    .createTable('commission_programs')
    .addColumn('developer_id', 'text', (c) => c.primaryKey().references('developers.id'))
    .addColumn('commission_bps', 'integer', (c) => c.notNull().check(sql`commission_bps between 0 and 10000`))
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['commission_programs', 'iap_prices', 'iap_products']) await db.schema.dropTable(table).execute();
}
