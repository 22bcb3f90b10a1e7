/** All SQL of the search module: the query log, the outbox replay after a snapshot, and the database fallback search. */
import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../../db/database.js';

export interface QueryCountRow {
  day: string;
  query: string;
  count: number;
  results: number;
}

export async function addQueryCounts(db: Executor, rows: QueryCountRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('search_queries_daily')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['day', 'query']).doUpdateSet((eb) => ({
          count: sql`${sql.ref('search_queries_daily.count')} + ${eb.ref('excluded.count')}`,
          results: eb.ref('excluded.results'),
        })),
      )
      .execute();
  }
}

/** Queries searched since `sinceDay` that found something, most searched first. */
export async function topQueries(db: Executor, sinceDay: string, limit: number, minCount = 1) {
  const rows = await db
    .selectFrom('search_queries_daily')
    .select((eb) => ['query', eb.fn.sum<number>('count').as('n'), eb.fn.max<number>('results').as('results')])
    .where('day', '>=', sinceDay)
    .where('results', '>', 0)
    .groupBy('query')
    .having((eb) => eb.fn.sum('count'), '>=', minCount)
    .orderBy('n', 'desc')
    .orderBy('query')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ query: r.query, count: Number(r.n), results: Number(r.results) }));
}

/** Drops log days older than `beforeDay`, and one-off queries older than `rareBeforeDay`. Returns rows deleted. */
export async function compactQueryLog(db: Executor, beforeDay: string, rareBeforeDay: string): Promise<number> {
  const a = await db.deleteFrom('search_queries_daily').where('day', '<', beforeDay).executeTakeFirst();
  const b = await db.deleteFrom('search_queries_daily').where('day', '<', rareBeforeDay).where('count', '<', 2).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}

/** App events in (after, upTo] of the outbox, for catching a loaded snapshot up. */
export async function appEventsBetween(db: Db, after: number, upTo: number, types: readonly string[]) {
  const rows = await db
    .selectFrom('outbox')
    .select(['seq', 'type', 'payload'])
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .where('type', 'in', [...types])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type, payload: JSON.parse(r.payload) as { appId?: string } }));
}

export async function oldestOutboxSeq(db: Db): Promise<number> {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('seq').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export interface FallbackQuery {
  /** Folded word tokens (letters and digits only). */
  tokens: string[];
  category?: string;
  price?: 'free' | 'paid';
  minRating?: number;
  country?: string;
  limit: number;
  offset: number;
}

export interface FallbackRow {
  bundle_id: string;
  name: string;
  subtitle: string;
  developer_name: string;
  category: string;
  price_minor: number;
  currency: string;
  rating_average: number;
  rating_count: number;
  icon_sha: string | null;
  rank: number;
}

const COLUMNS = sql`a.bundle_id, a.name, a.subtitle, a.developer_name, a.category, a.price_minor, a.currency, a.rating_average, a.rating_count, a.icon_sha`;
const PG_DOCUMENT = sql`to_tsvector('simple', a.name || ' ' || a.developer_name || ' ' || a.keywords || ' ' || a.description)`;

function filters(dialect: Dialect, q: FallbackQuery) {
  const parts = [sql`a.status = 'live'`];
  if (q.category) parts.push(sql`a.category = ${q.category}`);
  if (q.price === 'free') parts.push(sql`a.price_minor = 0`);
  if (q.price === 'paid') parts.push(sql`a.price_minor > 0`);
  if (q.minRating) parts.push(sql`a.rating_average >= ${q.minRating}`);
  if (q.country)
    parts.push(
      dialect === 'postgres'
        ? sql`(a.availability is null or a.availability::jsonb ? ${q.country})`
        : sql`(a.availability is null or exists (select 1 from json_each(a.availability) where value = ${q.country}))`,
    );
  return sql.join(parts, sql` and `);
}

/**
 * Database full-text search (degraded mode): FTS5 with BM25 column weights on SQLite,
 * `tsvector @@ tsquery` with ts_rank on PostgreSQL; every word must match, the last as a prefix.
 * No tokens: the filtered apps by popularity.
 */
export async function fallbackSearch(db: Db, dialect: Dialect, q: FallbackQuery): Promise<{ rows: FallbackRow[]; total: number }> {
  const where = filters(dialect, q);
  if (q.tokens.length === 0) {
    const rows = await sql<FallbackRow>`select ${COLUMNS}, a.popularity as rank from apps a where ${where}
      order by a.popularity desc, a.id limit ${q.limit} offset ${q.offset}`.execute(db);
    const total = await sql<{ n: number }>`select count(*) as n from apps a where ${where}`.execute(db);
    return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
  }
  if (dialect === 'postgres') {
    const tsq = q.tokens.map((t, i) => (i === q.tokens.length - 1 ? `${t}:*` : t)).join(' & ');
    const rows = await sql<FallbackRow>`select ${COLUMNS}, ts_rank(${PG_DOCUMENT}, to_tsquery('simple', ${tsq})) as rank
      from apps a where ${PG_DOCUMENT} @@ to_tsquery('simple', ${tsq}) and ${where}
      order by rank desc, a.popularity desc, a.id limit ${q.limit} offset ${q.offset}`.execute(db);
    const total = await sql<{ n: number }>`select count(*) as n from apps a
      where ${PG_DOCUMENT} @@ to_tsquery('simple', ${tsq}) and ${where}`.execute(db);
    return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
  }
  const match = q.tokens.map((t, i) => `"${t}"${i === q.tokens.length - 1 ? '*' : ''}`).join(' ');
  const rows = await sql<FallbackRow>`select ${COLUMNS}, bm25(apps_fts, 3.0, 2.0, 1.5, 1.0) as rank
    from apps_fts f join apps a on a.rowid = f.rowid
    where apps_fts match ${match} and ${where}
    order by rank, a.popularity desc, a.id limit ${q.limit} offset ${q.offset}`.execute(db);
  const total = await sql<{ n: number }>`select count(*) as n from apps_fts f join apps a on a.rowid = f.rowid
    where apps_fts match ${match} and ${where}`.execute(db);
  return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
}
