/** SQL of rating summaries and per-app rating state (reset point, imported baseline). */
import type { Executor } from '../../db/database.js';
import type { RatingAppStateTable, RatingSummariesTable, SummaryScope } from './reviews.tables.js';

export const findState = (db: Executor, appId: string) =>
  db.selectFrom('rating_app_state').selectAll().where('app_id', '=', appId).executeTakeFirst();

export const upsertState = (db: Executor, row: RatingAppStateTable) =>
  db
    .insertInto('rating_app_state')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('app_id')
        .doUpdateSet({ reset_at: row.reset_at, reset_version: row.reset_version, baseline: row.baseline, updated_at: row.updated_at }),
    )
    .execute();

export async function replaceSummaries(db: Executor, appId: string, rows: RatingSummariesTable[]) {
  await db.deleteFrom('rating_summaries').where('app_id', '=', appId).execute();
  // 12 columns × 50 rows stays far below SQLite's bound-parameter limit
  for (let i = 0; i < rows.length; i += 50)
    await db
      .insertInto('rating_summaries')
      .values(rows.slice(i, i + 50))
      .execute();
}

export const findSummary = (db: Executor, appId: string, scope: SummaryScope, key: string) =>
  db
    .selectFrom('rating_summaries')
    .selectAll()
    .where('app_id', '=', appId)
    .where('scope', '=', scope)
    .where('scope_key', '=', key)
    .executeTakeFirst();

export const summariesOf = (db: Executor, appId: string, scope: SummaryScope) =>
  db.selectFrom('rating_summaries').selectAll().where('app_id', '=', appId).where('scope', '=', scope).orderBy('count', 'desc').execute();

export const summariesForApps = (db: Executor, appIds: string[]) =>
  appIds.length === 0
    ? Promise.resolve([] as RatingSummariesTable[])
    : db.selectFrom('rating_summaries').selectAll().where('scope', '=', 'all').where('app_id', 'in', appIds).execute();

/** Catalog-wide totals over every app's public summary: the Bayesian prior's mean. */
export const catalogTotals = async (db: Executor) => {
  const r = await db
    .selectFrom('rating_summaries')
    .select((eb) => [eb.fn.sum<number>('total').as('total'), eb.fn.sum<number>('count').as('count')])
    .where('scope', '=', 'all')
    .executeTakeFirst();
  return { total: Number(r?.total ?? 0), count: Number(r?.count ?? 0) };
};
