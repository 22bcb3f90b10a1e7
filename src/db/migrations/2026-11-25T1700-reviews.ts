import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'manual_review', 'rejected')`))
    // incident that holds this review out of the rating (integrity module), if any
    .addColumn('held_by', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unhelpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpfulness', t.real, (c) => c.notNull().defaultTo(0))
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  // One review per user per app: a second submission updates it (a deleted one is revived).
  await db.schema.createIndex('reviews_app_user_unique').on('reviews').columns(['app_id', 'user_id']).unique().execute();
  await db.schema.createIndex('reviews_app_status_idx').on('reviews').columns(['app_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('reviews_app_created_idx').on('reviews').columns(['app_id', 'created_at']).execute();
  await db.schema.createIndex('reviews_user_idx').on('reviews').columns(['user_id', 'updated_at']).execute();
  await db.schema.createIndex('reviews_held_idx').on('reviews').column('held_by').execute();

  await db.schema
    .createTable('review_revisions')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('review_revisions_pk', ['review_id', 'revision'])
    .execute();
  await db.schema.createIndex('review_revisions_user_idx').on('review_revisions').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('review_votes')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('review_votes_pk', ['review_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('review_reports')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('review_reports_pk', ['review_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('review_responses')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id'))
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  // Aggregates over approved, unheld reviews: scope 'all' (key ''), 'country' (key = ISO code), 'version'.
  await db.schema
    .createTable('rating_summaries')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('count', t.bigint, (c) => c.notNull())
    .addColumn('total', t.bigint, (c) => c.notNull())
    .addColumn('h1', t.bigint, (c) => c.notNull())
    .addColumn('h2', t.bigint, (c) => c.notNull())
    .addColumn('h3', t.bigint, (c) => c.notNull())
    .addColumn('h4', t.bigint, (c) => c.notNull())
    .addColumn('h5', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('rating_summaries_pk', ['app_id', 'scope', 'scope_key'])
    .execute();
  await db.schema.createIndex('rating_summaries_scope_idx').on('rating_summaries').columns(['scope', 'app_id']).execute();

  await db.schema
    .createTable('rating_app_state')
    .addColumn('app_id', 'text', (c) => c.primaryKey())
    .addColumn('reset_at', t.timestamp)
    .addColumn('reset_version', 'text')
    // ratings imported with the catalog (no review rows): JSON [h1..h5], kept until a reset
    .addColumn('baseline', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    // the event that created it: a redelivered event creates no second notification
    .addColumn('source_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('read_at', t.timestamp)
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'notifications',
    'rating_app_state',
    'rating_summaries',
    'review_responses',
    'review_reports',
    'review_votes',
    'review_revisions',
    'reviews',
  ])
    await db.schema.dropTable(table).execute();
}
