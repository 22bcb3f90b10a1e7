/** All SQL of the delivery module. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DownloadKind, DownloadReceiptsTable } from './delivery.tables.js';

export const hasDownloaded = async (db: Executor, userId: string, appId: string) =>
  (await db
    .selectFrom('download_receipts')
    .select('day')
    .where('user_id', '=', userId)
    .where('app_id', '=', appId)
    .limit(1)
    .executeTakeFirst()) !== undefined;

/** True when the receipt is new (not a retry of a download already counted today). */
export const insertReceipt = async (db: Executor, row: DownloadReceiptsTable) => {
  const r = await db
    .insertInto('download_receipts')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'build_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
};

export const bumpDaily = (db: Executor, appId: string, day: string, country: string, kind: DownloadKind, n: number) =>
  db
    .insertInto('download_stats_daily')
    .values({ app_id: appId, day, country, kind, count: n })
    .onConflict((oc) => oc.columns(['app_id', 'day', 'country', 'kind']).doUpdateSet({ count: sql`download_stats_daily.count + ${n}` }))
    .execute();

export const dailyStats = (db: Executor, appId: string, from: string, to: string, country?: string) => {
  let q = db
    .selectFrom('download_stats_daily')
    .select(['day', 'country', 'kind', 'count'])
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (country) q = q.where('country', '=', country);
  return q.orderBy('day').orderBy('country').execute();
};
