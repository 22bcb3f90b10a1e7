import type { Kysely } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  // the nearest neighbours of each app (co-download blended with content), rebuilt by a job
  await db.schema
    .createTable('rec_neighbors')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('neighbor_id', 'text', (c) => c.notNull())
    .addColumn('similarity', t.real, (c) => c.notNull())
    .addPrimaryKeyConstraint('rec_neighbors_pk', ['app_id', 'rank'])
    .execute();
  await db.schema
    .createTable('rec_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trained_at', t.timestamp, (c) => c.notNull())
    .addColumn('users', 'integer', (c) => c.notNull())
    .addColumn('apps', 'integer', (c) => c.notNull())
    .addColumn('interactions', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rec_runs', 'rec_neighbors']) await db.schema.dropTable(table).execute();
}
