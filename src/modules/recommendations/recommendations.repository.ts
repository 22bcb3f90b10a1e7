/** All SQL of the recommendations module. */
import type { Executor } from '../../db/database.js';

export async function replaceNeighbors(
  db: Executor,
  rows: Array<{ app_id: string; rank: number; neighbor_id: string; similarity: number }>,
) {
  await db.deleteFrom('rec_neighbors').execute();
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('rec_neighbors')
      .values(rows.slice(i, i + 1000))
      .execute();
}

export async function neighborsOf(db: Executor, appIds: string[]) {
  if (appIds.length === 0) return [];
  return db
    .selectFrom('rec_neighbors')
    .select(['app_id', 'neighbor_id', 'similarity'])
    .where('app_id', 'in', appIds)
    .orderBy('app_id')
    .orderBy('rank')
    .execute();
}

export async function addRun(
  db: Executor,
  r: { id: string; trained_at: string; users: number; apps: number; interactions: number; duration_ms: number },
) {
  await db.insertInto('rec_runs').values(r).execute();
}

export async function latestRun(db: Executor) {
  return db.selectFrom('rec_runs').selectAll().orderBy('trained_at', 'desc').limit(1).executeTakeFirst();
}
