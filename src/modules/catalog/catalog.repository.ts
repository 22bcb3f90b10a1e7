/** All SQL of the catalog module. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AppPricesTable, AppStatus, AppsTable } from './catalog.tables.js';

export type AppRow = {
  [K in keyof AppsTable]: AppsTable[K] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : AppsTable[K];
};
export type NewAppRow = Omit<AppRow, never>;

export const insertApps = async (db: Executor, rows: NewAppRow[]) => {
  // 25 columns × 20 rows stays under SQLite's bound-parameter limit with room to spare
  for (let i = 0; i < rows.length; i += 20)
    await db
      .insertInto('apps')
      .values(rows.slice(i, i + 20))
      .execute();
};

export const findAppByBundle = (db: Executor, bundleId: string) =>
  db.selectFrom('apps').selectAll().where('bundle_id', '=', bundleId).executeTakeFirst() as Promise<AppRow | undefined>;

export const findAppsByBundles = (db: Executor, bundleIds: string[]) =>
  bundleIds.length === 0
    ? Promise.resolve([] as AppRow[])
    : (db.selectFrom('apps').selectAll().where('bundle_id', 'in', bundleIds).execute() as Promise<AppRow[]>);

export const findAppsByIds = (db: Executor, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([] as AppRow[])
    : (db.selectFrom('apps').selectAll().where('id', 'in', ids).execute() as Promise<AppRow[]>);

export const updateApp = (db: Executor, id: string, patch: Partial<NewAppRow>) =>
  db.updateTable('apps').set(patch).where('id', '=', id).executeTakeFirst();

export interface ListQuery {
  category?: string;
  developerId?: string;
  statuses: AppStatus[];
  sort: 'popular' | 'new' | 'name';
  limit: number;
  offset: number;
  country?: string;
}

const SUMMARY_COLUMNS = [
  'id',
  'bundle_id',
  'developer_id',
  'developer_name',
  'name',
  'subtitle',
  'category',
  'price_minor',
  'currency',
  'availability',
  'icon_sha',
  'rating_average',
  'rating_count',
  'downloads',
  'popularity',
  'status',
  'version',
  'released_at',
  'updated_at',
] as const;
export type AppSummaryRow = Pick<AppRow, (typeof SUMMARY_COLUMNS)[number]>;

export function listApps(db: Executor, q: ListQuery) {
  let query = db.selectFrom('apps').select(SUMMARY_COLUMNS).where('status', 'in', q.statuses);
  if (q.category) query = query.where('category', '=', q.category);
  if (q.developerId) query = query.where('developer_id', '=', q.developerId);
  if (q.sort === 'popular') query = query.orderBy('popularity', 'desc').orderBy('id');
  else if (q.sort === 'new') query = query.orderBy('released_at', 'desc').orderBy('id');
  else query = query.orderBy('name').orderBy('id');
  return query.limit(q.limit).offset(q.offset).execute() as Promise<AppSummaryRow[]>;
}

export const countApps = async (db: Executor, q: Pick<ListQuery, 'category' | 'developerId' | 'statuses'>) => {
  let query = db
    .selectFrom('apps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', q.statuses);
  if (q.category) query = query.where('category', '=', q.category);
  if (q.developerId) query = query.where('developer_id', '=', q.developerId);
  return Number((await query.executeTakeFirst())?.n ?? 0);
};

export const countByCategory = (db: Executor) =>
  db
    .selectFrom('apps')
    .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'live')
    .groupBy('category')
    .execute();

export const pricesOf = (db: Executor, appId: string) =>
  db.selectFrom('app_prices').selectAll().where('app_id', '=', appId).orderBy('country').execute();

/** An app by bundle id with its price override in one storefront, if any (one query: the purchase path). */
export async function findAppWithPrice(db: Executor, bundleId: string, country: string) {
  const r = await db
    .selectFrom('apps')
    .leftJoin('app_prices as p', (j) => j.onRef('p.app_id', '=', 'apps.id').on('p.country', '=', country))
    .selectAll('apps')
    .select(['p.price_minor as override_price_minor', 'p.currency as override_currency'])
    .where('apps.bundle_id', '=', bundleId)
    .executeTakeFirst();
  if (!r) return undefined;
  const { override_price_minor, override_currency, ...app } = r;
  return {
    app: app as AppRow,
    override:
      override_price_minor === null || override_currency === null
        ? undefined
        : { priceMinor: Number(override_price_minor), currency: override_currency },
  };
}

export const replacePrices = async (db: Executor, appId: string, rows: AppPricesTable[]) => {
  await db.deleteFrom('app_prices').where('app_id', '=', appId).execute();
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('app_prices')
      .values(rows.slice(i, i + 100))
      .execute();
};

export const pricesInCountry = (db: Executor, appIds: string[], country: string) =>
  appIds.length === 0
    ? Promise.resolve([] as AppPricesTable[])
    : db.selectFrom('app_prices').selectAll().where('country', '=', country).where('app_id', 'in', appIds).execute();

export const screenshotsOf = (db: Executor, appId: string) =>
  db.selectFrom('app_screenshots').selectAll().where('app_id', '=', appId).orderBy('position').execute();

export const insertScreenshot = (db: Executor, appId: string, position: number, sha256: string) =>
  db.insertInto('app_screenshots').values({ app_id: appId, position, sha256 }).execute();

export const deleteScreenshot = (db: Executor, appId: string, position: number) =>
  db.deleteFrom('app_screenshots').where('app_id', '=', appId).where('position', '=', position).executeTakeFirst();

export const upsertBlob = (db: Executor, sha256: string, size: number, contentType: string, now: string) =>
  db
    .insertInto('blobs')
    .values({ sha256, size, content_type: contentType, created_at: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();

export const findBlob = (db: Executor, sha256: string) =>
  db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();

/** Is this blob an app icon or screenshot (and so public)? */
export const isPublicMedia = async (db: Executor, sha256: string) => {
  const r = await sql<{ n: number }>`
    select (select count(*) from apps where icon_sha = ${sha256}) + (select count(*) from app_screenshots where sha256 = ${sha256}) as n`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0) > 0;
};

export const renameDeveloperOnApps = (db: Executor, developerId: string, name: string) =>
  db.updateTable('apps').set({ developer_name: name }).where('developer_id', '=', developerId).execute();

export const appRefsOfDeveloper = (db: Executor, developerId: string) =>
  db.selectFrom('apps').select(['id', 'bundle_id']).where('developer_id', '=', developerId).execute();

/** Keyset scan in id order for index builds and exports. */
export const scanApps = (db: Executor, afterId: string, limit: number) =>
  db.selectFrom('apps').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute() as Promise<AppRow[]>;

/** The columns the ranking job needs, live apps only, in id order (no descriptions: 2M rows stay light). */
export const scanForRanking = (db: Executor, afterId: string, limit: number) =>
  db
    .selectFrom('apps')
    .select(['id', 'category', 'price_minor', 'availability', 'rating_average', 'rating_count', 'released_at', 'updated_at'])
    .where('id', '>', afterId)
    .where('status', '=', 'live')
    .orderBy('id')
    .limit(limit)
    .execute();

export const appIdsOfDeveloper = (db: Executor, developerId: string) =>
  db.selectFrom('apps').select('id').where('developer_id', '=', developerId).execute();
