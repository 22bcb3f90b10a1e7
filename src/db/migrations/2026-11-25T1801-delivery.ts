import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('download_receipts')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('build_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('install', 'redownload', 'update')`))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('download_receipts_pk', ['user_id', 'build_id', 'day'])
    .execute();
  await db.schema.createIndex('download_receipts_user_app_idx').on('download_receipts').columns(['user_id', 'app_id']).execute();

  await db.schema
    .createTable('download_stats_daily')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('count', t.bigint, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('download_stats_daily_pk', ['app_id', 'day', 'country', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['download_stats_daily', 'download_receipts']) await db.schema.dropTable(table).execute();
}
