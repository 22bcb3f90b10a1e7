import type { Kysely } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  // ids of usage events already taken (dedup); pruned once events that old are refused anyway
  await db.schema
    .createTable('usage_event_ids')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_event_ids_day_idx').on('usage_event_ids').column('day').execute();
  // raw usage events waiting for compaction
  await db.schema
    .createTable('usage_events_raw')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  // one row per user, app and active day (kept for the MAU window, then pruned)
  await db.schema
    .createTable('usage_user_days')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seconds', t.bigint, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_user_days_pk', ['app_id', 'day', 'user_id'])
    .execute();
  await db.schema
    .createTable('app_users')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('first_day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_users_pk', ['app_id', 'user_id'])
    .execute();
  await db.schema.createIndex('app_users_cohort_idx').on('app_users').columns(['app_id', 'first_day']).execute();
  await db.schema
    .createTable('usage_daily')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dau', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mau', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sessions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seconds', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('cohort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('d1', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('d7', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_daily_pk', ['app_id', 'day'])
    .execute();
  await db.schema.createIndex('usage_daily_day_idx').on('usage_daily').column('day').execute();
  // one row per user, app and day that downloaded or bought (per-account facts for trust weighting)
  await db.schema
    .createTable('download_facts')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('download_facts_pk', ['app_id', 'user_id', 'day'])
    .execute();
  await db.schema.createIndex('download_facts_day_idx').on('download_facts').column('day').execute();
  await db.schema.createIndex('download_facts_user_idx').on('download_facts').columns(['user_id', 'app_id', 'day']).execute();
  await db.schema
    .createTable('downloads_daily')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('count', t.bigint, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('downloads_daily_pk', ['app_id', 'day', 'country'])
    .execute();
  await db.schema
    .createTable('purchase_facts')
    .addColumn('purchase_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('refunded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('purchase_facts_user_idx').on('purchase_facts').column('user_id').execute();
  await db.schema
    .createTable('revenue_daily')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('purchases', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refunds', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('revenue_daily_pk', ['app_id', 'day', 'country', 'currency'])
    .execute();
  await db.schema.createIndex('revenue_daily_day_idx').on('revenue_daily').column('day').execute();
  await db.schema
    .createTable('rating_facts')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('visible', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rating_facts_pk', ['app_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('user_fingerprints')
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('last_day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_fingerprints_pk', ['fingerprint', 'user_id'])
    .execute();
  await db.schema.createIndex('user_fingerprints_user_idx').on('user_fingerprints').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'user_fingerprints',
    'rating_facts',
    'revenue_daily',
    'purchase_facts',
    'downloads_daily',
    'download_facts',
    'usage_daily',
    'app_users',
    'usage_user_days',
    'usage_events_raw',
    'usage_event_ids',
  ])
    await db.schema.dropTable(table).execute();
}
