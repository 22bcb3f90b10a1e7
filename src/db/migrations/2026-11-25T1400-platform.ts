import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('outbox')
    .addColumn('seq', t.serialType, (c) => (t.isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('dispatched_at', t.timestamp)
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', t.timestamp)
    .execute();
  await db.schema.createIndex('outbox_pending_idx').on('outbox').column('seq').where(sql.ref('dispatched_at'), 'is', null).execute();
  await db.schema.createIndex('outbox_dispatched_idx').on('outbox').column('dispatched_at').execute();

  await db.schema
    .createTable('inbox')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('processed_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_pk', ['consumer', 'event_id'])
    .execute();
  await db.schema.createIndex('inbox_processed_idx').on('inbox').column('processed_at').execute();

  await db.schema
    .createTable('event_retries')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('seq', t.bigint, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_retries_pk', ['consumer', 'event_id'])
    .execute();
  await db.schema.createIndex('event_retries_due_idx').on('event_retries').column('next_attempt_at').execute();

  await db.schema
    .createTable('dead_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('seq', t.bigint, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('redriven_at', t.timestamp)
    .execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_run_at', t.timestamp)
    .execute();

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', t.bigint, (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['settings', 'blobs', 'job_leases', 'dead_letters', 'event_retries', 'inbox', 'outbox']) {
    await db.schema.dropTable(table).execute();
  }
}
