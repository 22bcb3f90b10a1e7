import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bundle_id', 'text', (c) => c.notNull().unique())
    .addColumn('developer_id', 'text', (c) => c.notNull().references('developers.id'))
    .addColumn('developer_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('age_rating', 'text', (c) => c.notNull().defaultTo('4+'))
    .addColumn('price_minor', t.bigint, (c) => c.notNull().defaultTo(0).check(sql`price_minor >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('availability', 'text') // JSON array of country codes; null = every storefront
    .addColumn('icon_sha', 'text')
    .addColumn('version', 'text', (c) => c.notNull().defaultTo('1.0.0'))
    .addColumn('size_bytes', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('rating_average', t.real, (c) => c.notNull().defaultTo(0))
    .addColumn('rating_count', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('rating_histogram', 'text', (c) => c.notNull().defaultTo('[0,0,0,0,0]'))
    .addColumn('downloads', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('popularity', t.real, (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'live', 'removed')`))
    .addColumn('released_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('apps_category_popularity_idx').on('apps').columns(['category', 'status', 'popularity desc']).execute();
  await db.schema.createIndex('apps_category_released_idx').on('apps').columns(['category', 'status', 'released_at desc']).execute();
  await db.schema.createIndex('apps_status_popularity_idx').on('apps').columns(['status', 'popularity desc']).execute();
  await db.schema.createIndex('apps_status_released_idx').on('apps').columns(['status', 'released_at desc']).execute();
  await db.schema.createIndex('apps_developer_idx').on('apps').column('developer_id').execute();
  await db.schema.createIndex('apps_icon_idx').on('apps').column('icon_sha').execute();

  await db.schema
    .createTable('app_prices')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('price_minor', t.bigint, (c) => c.notNull().check(sql`price_minor >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_prices_pk', ['app_id', 'country'])
    .execute();

  await db.schema
    .createTable('app_screenshots')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addPrimaryKeyConstraint('app_screenshots_pk', ['app_id', 'position'])
    .execute();
  await db.schema.createIndex('app_screenshots_sha_idx').on('app_screenshots').column('sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['app_screenshots', 'app_prices', 'apps']) await db.schema.dropTable(table).execute();
}
