/** All SQL of the charts module. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { IncidentStatus } from './charts.tables.js';

export async function latestRun(db: Executor) {
  return db
    .selectFrom('chart_runs')
    .selectAll()
    .where('finished_at', 'is not', null)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function startRun(db: Executor, id: string, at: string) {
  await db.insertInto('chart_runs').values({ id, started_at: at, finished_at: null, apps: 0, lists: 0, duration_ms: 0 }).execute();
}

export async function finishRun(db: Executor, id: string, at: string, r: { apps: number; lists: number; durationMs: number }) {
  await db
    .updateTable('chart_runs')
    .set({ finished_at: at, apps: r.apps, lists: r.lists, duration_ms: r.durationMs })
    .where('id', '=', id)
    .execute();
}

export async function entriesOfRun(db: Executor, runId: string) {
  return db.selectFrom('chart_entries').select(['chart_key', 'app_id', 'rank']).where('run_id', '=', runId).execute();
}

export async function insertEntries(
  db: Executor,
  rows: Array<{ run_id: string; chart_key: string; rank: number; app_id: string; score: number; previous_rank: number | null }>,
) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('chart_entries')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function upsertPositions(db: Executor, rows: Array<{ app_id: string; chart_key: string; day: string; rank: number }>) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('chart_positions')
      .values(
        rows.slice(i, i + 500).map((r) => ({ app_id: r.app_id, chart_key: r.chart_key, day: r.day, best_rank: r.rank, last_rank: r.rank })),
      )
      .onConflict((oc) =>
        oc.columns(['app_id', 'chart_key', 'day']).doUpdateSet({
          best_rank: sql`case when excluded.best_rank < chart_positions.best_rank then excluded.best_rank else chart_positions.best_rank end`,
          last_rank: sql`excluded.last_rank`,
        }),
      )
      .execute();
}

/** Drops entries of every run but the given ones, and runs older than them. */
export async function pruneRuns(db: Executor, keep: string[], positionsBefore: string, abandonedBefore: string) {
  await db.deleteFrom('chart_entries').where('run_id', 'not in', keep).execute();
  // finished runs, and runs that never finished (a crash) and are older than a day
  await db
    .deleteFrom('chart_runs')
    .where('id', 'not in', keep)
    .where((eb) => eb.or([eb('finished_at', 'is not', null), eb('started_at', '<', abandonedBefore)]))
    .execute();
  await db.deleteFrom('chart_positions').where('day', '<', positionsBefore).execute();
}

export async function chartPage(db: Executor, runId: string, key: string, limit: number, offset: number) {
  return db
    .selectFrom('chart_entries')
    .select(['rank', 'app_id', 'score', 'previous_rank'])
    .where('run_id', '=', runId)
    .where('chart_key', '=', key)
    .orderBy('rank')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countChart(db: Executor, runId: string, key: string) {
  const r = await db
    .selectFrom('chart_entries')
    .select(sql<number>`count(*)`.as('n'))
    .where('run_id', '=', runId)
    .where('chart_key', '=', key)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function positionsOf(db: Executor, appId: string, from: string, to: string) {
  return db
    .selectFrom('chart_positions')
    .select(['chart_key', 'day', 'best_rank', 'last_rank'])
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('chart_key')
    .execute();
}

export async function currentOf(db: Executor, runId: string, appId: string) {
  return db
    .selectFrom('chart_entries')
    .select(['chart_key', 'rank', 'previous_rank'])
    .where('run_id', '=', runId)
    .where('app_id', '=', appId)
    .orderBy('rank')
    .execute();
}

// ---- incidents ----

export async function incidentsInWindow(db: Executor, fromDay: string) {
  return db.selectFrom('chart_incidents').selectAll().where('day', '>=', fromDay).execute();
}

export async function openIncident(
  db: Executor,
  r: {
    id: string;
    app_id: string;
    day: string;
    observed: number;
    baseline: number;
    threshold: number;
    held: number;
    z_score: number;
    opened_at: string;
  },
): Promise<boolean> {
  const res = await db
    .insertInto('chart_incidents')
    .values({ ...r, status: 'open', resolved_at: null, resolved_by: null, note: null })
    .onConflict((oc) => oc.columns(['app_id', 'day']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res !== undefined;
}

/** An open incident of a day grows with the spike (the day is not over yet). */
export async function growIncident(db: Executor, appId: string, day: string, observed: number, threshold: number, held: number, z: number) {
  await db
    .updateTable('chart_incidents')
    .set({ observed, threshold, held, z_score: z })
    .where('app_id', '=', appId)
    .where('day', '=', day)
    .where('status', '=', 'open')
    .where('observed', '<', observed)
    .execute();
}

export async function listIncidents(db: Executor, status: IncidentStatus | undefined, limit: number, offset: number) {
  let q = db.selectFrom('chart_incidents').selectAll();
  if (status) q = q.where('status', '=', status);
  return q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countIncidents(db: Executor, status: IncidentStatus | undefined) {
  let q = db.selectFrom('chart_incidents').select(sql<number>`count(*)`.as('n'));
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function findIncident(db: Executor, id: string) {
  return db.selectFrom('chart_incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function resolveIncident(db: Executor, id: string, status: IncidentStatus, by: string, at: string, note: string | null) {
  const r = await db
    .updateTable('chart_incidents')
    .set({ status, resolved_by: by, resolved_at: at, note })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
