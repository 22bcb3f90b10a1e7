/**
 * Fast multi-row inserts for seeding and imports of millions of rows. On SQLite it runs one
 * prepared statement per row inside a single transaction on the raw handle (holding Kysely's
 * connection so nothing interleaves); on PostgreSQL it sends multi-row INSERTs sized under
 * the 65,535-parameter limit.
 */
import type { Database } from './database.js';

export async function bulkInsert<T extends object>(
  database: Database,
  table: string,
  rows: readonly T[],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const conflict = opts.onConflictDoNothing ? ' on conflict do nothing' : '';
  if (database.dialect === 'sqlite' && database.sqlite) {
    const raw = database.sqlite;
    await database.db.connection().execute(async () => {
      const stmt = raw.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})${conflict}`);
      raw.transaction(() => {
        for (const r of rows) stmt.run(columns.map((c) => (r as Record<string, unknown>)[c]));
      })();
    });
    return;
  }
  const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
  const pool = database.pool;
  if (!pool) throw new Error('no PostgreSQL pool');
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const params: unknown[] = [];
      const tuples = chunk.map(
        (r) =>
          `(${columns
            .map((c) => {
              params.push((r as Record<string, unknown>)[c]);
              return `$${params.length}`;
            })
            .join(', ')})`,
      );
      await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}${conflict}`, params);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
