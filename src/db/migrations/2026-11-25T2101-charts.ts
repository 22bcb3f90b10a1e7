import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('chart_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('finished_at', t.timestamp)
    .addColumn('apps', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lists', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // the ranked lists of the latest runs (older runs are pruned; history keeps daily best ranks)
  await db.schema
    .createTable('chart_entries')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('chart_key', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('score', t.real, (c) => c.notNull())
    .addColumn('previous_rank', 'integer')
    .addPrimaryKeyConstraint('chart_entries_pk', ['run_id', 'chart_key', 'rank'])
    .execute();
  await db.schema.createIndex('chart_entries_app_idx').on('chart_entries').columns(['app_id', 'run_id']).execute();
  await db.schema
    .createTable('chart_positions')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('chart_key', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('best_rank', 'integer', (c) => c.notNull())
    .addColumn('last_rank', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('chart_positions_pk', ['app_id', 'chart_key', 'day'])
    .execute();
  await db.schema
    .createTable('chart_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('baseline', t.real, (c) => c.notNull())
    .addColumn('threshold', t.real, (c) => c.notNull())
    .addColumn('held', 'integer', (c) => c.notNull())
    .addColumn('z_score', t.real, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'released', 'confirmed')`))
    .addColumn('opened_at', t.timestamp, (c) => c.notNull())
    .addColumn('resolved_at', t.timestamp)
    .addColumn('resolved_by', 'text')
    .addColumn('note', 'text')
    .addUniqueConstraint('chart_incidents_app_day_uq', ['app_id', 'day'])
    .execute();
  await db.schema.createIndex('chart_incidents_status_idx').on('chart_incidents').columns(['status', 'opened_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['chart_incidents', 'chart_positions', 'chart_entries', 'chart_runs']) await db.schema.dropTable(table).execute();
}
