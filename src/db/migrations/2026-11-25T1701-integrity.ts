import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('integrity_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('score', t.real, (c) => c.notNull())
    .addColumn('rule_score', t.real, (c) => c.notNull())
    .addColumn('model_score', t.real)
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('approve', 'manual_review', 'reject')`))
    .addColumn('signals', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer')
    .addColumn('held_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integrity_decisions_review_idx').on('integrity_decisions').columns(['review_id', 'created_at']).execute();

  await db.schema
    .createTable('review_fingerprints')
    .addColumn('review_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('minhash', t.bytes, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_fingerprints_app_idx').on('review_fingerprints').columns(['app_id', 'created_at']).execute();
  // MinHash LSH bands: reviews of an app sharing a band are near-duplicate candidates.
  await db.schema
    .createTable('review_fingerprint_bands')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('band', t.bigint, (c) => c.notNull())
    .addColumn('review_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_fingerprint_bands_pk', ['app_id', 'band', 'review_id'])
    .execute();
  await db.schema.createIndex('review_fingerprint_bands_review_idx').on('review_fingerprint_bands').column('review_id').execute();

  await db.schema
    .createTable('moderation_queue')
    .addColumn('review_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('score', t.real, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'closed')`))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_queue_open_idx').on('moderation_queue').columns(['state', 'score', 'created_at']).execute();

  // Labelled examples the model learns from: moderator decisions, confirmed incidents, imports.
  await db.schema
    .createTable('integrity_labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.unique())
    .addColumn('label', 'text', (c) => c.notNull().check(sql`label in ('fake', 'genuine')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('signals', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integrity_labels_created_idx').on('integrity_labels').column('created_at').execute();

  await db.schema
    .createTable('integrity_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('live', 'candidate', 'retired', 'rejected')`))
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('weights', t.bytes)
    .addColumn('bias', t.real, (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('live_metrics', 'text')
    .addColumn('labels', 'integer', (c) => c.notNull())
    .addColumn('train_seconds', t.real, (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('promoted_at', t.timestamp)
    .execute();
  // At most one live model: every process scores with the same version.
  await db.schema
    .createIndex('integrity_models_live_unique')
    .on('integrity_models')
    .column('status')
    .unique()
    .where(sql.ref('status'), '=', 'live')
    .execute();

  await db.schema
    .createTable('review_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('negative', 'positive')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'resolved')`))
    .addColumn('window_start', t.timestamp, (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('baseline_per_hour', t.real, (c) => c.notNull())
    .addColumn('detected_at', t.timestamp, (c) => c.notNull())
    .addColumn('resolved_at', t.timestamp)
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .addColumn('note', 'text')
    .execute();
  // One open incident per app and direction, even when two workers detect the same burst.
  await db.schema
    .createIndex('review_incidents_open_unique')
    .on('review_incidents')
    .columns(['app_id', 'direction'])
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema.createIndex('review_incidents_status_idx').on('review_incidents').columns(['status', 'detected_at']).execute();

  await db.schema
    .createTable('moderation_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_audit_created_idx').on('moderation_audit').column('created_at').execute();
  await db.schema.createIndex('moderation_audit_target_idx').on('moderation_audit').column('target_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'moderation_audit',
    'review_incidents',
    'integrity_models',
    'integrity_labels',
    'moderation_queue',
    'review_fingerprint_bands',
    'review_fingerprints',
    'integrity_decisions',
  ])
    await db.schema.dropTable(table).execute();
}
