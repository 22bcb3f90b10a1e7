import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

// a frozen copy of the version states (migrations never import module code)
const STATES =
  'PREPARE_FOR_SUBMISSION WAITING_FOR_REVIEW IN_REVIEW REJECTED PENDING_DEVELOPER_RELEASE READY_FOR_SALE DEVELOPER_REMOVED'.split(' ');
const inList = (xs: string[]) => sql.raw(xs.map((x) => `'${x}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('builds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('build_number', t.bigint, (c) => c.notNull().check(sql`build_number > 0`))
    .addColumn('platforms', 'text', (c) => c.notNull())
    .addColumn('min_os', 'text', (c) => c.notNull())
    .addColumn('size_bytes', t.bigint, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('release_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('signed_metadata', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('builds_app_number_unique', ['app_id', 'build_number'])
    .execute();
  await db.schema.createIndex('builds_sha_idx').on('builds').column('sha256').execute();

  await db.schema
    .createTable('build_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('size_bytes', t.bigint, (c) => c.notNull())
    .addColumn('received_bytes', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'complete', 'failed')`))
    .addColumn('build_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('build_uploads_expiry_idx').on('build_uploads').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('app_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('developer_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(STATES)})`))
    .addColumn('release_mode', 'text', (c) => c.notNull().check(sql`release_mode in ('manual', 'automatic', 'phased')`))
    .addColumn('build_id', 'text', (c) => c.references('builds.id'))
    .addColumn('release_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('checks', 'text')
    .addColumn('reviewer_id', 'text')
    .addColumn('submitted_at', t.timestamp)
    .addColumn('reviewed_at', t.timestamp)
    .addColumn('released_at', t.timestamp)
    .addColumn('phased_started_at', t.timestamp)
    .addColumn('phased_paused_at', t.timestamp)
    .addColumn('phased_paused_ms', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('phased_halted_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('app_versions_app_version_unique', ['app_id', 'version'])
    .execute();
  // update checks: released versions of many bundle ids at once
  await db.schema.createIndex('app_versions_bundle_state_idx').on('app_versions').columns(['bundle_id', 'state']).execute();
  // reviewer queue: oldest submission first
  await db.schema.createIndex('app_versions_state_submitted_idx').on('app_versions').columns(['state', 'submitted_at']).execute();

  await db.schema
    .createTable('version_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('app_versions.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text')
    .addColumn('note', 'text')
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('version_history_version_idx').on('version_history').columns(['version_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['version_history', 'app_versions', 'build_uploads', 'builds']) await db.schema.dropTable(table).execute();
}
