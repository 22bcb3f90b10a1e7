/**
 * Moves a whole SQLite store into PostgreSQL: the target is migrated to the same schema
 * version, then every table is copied in creation order (so foreign keys are satisfied) in
 * batches, identity sequences are moved past the copied ids, and row counts are compared.
 * Files under DATA_DIR (blobs, keys, the sandbox provider's records) stay where they are.
 */
import { type Kysely, sql } from 'kysely';
import type { Config } from '../../config.js';
import { createDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';

export interface TableCopy {
  table: string;
  source: number;
  target: number;
}

/** SQLite-only tables: internals, the migrator's own, virtual (FTS) tables and their shadow tables. */
function copyableTables(raw: NonNullable<ReturnType<typeof createDatabase>['sqlite']>): string[] {
  const all = raw.prepare(`select name, sql from sqlite_master where type = 'table' order by rowid`).all() as Array<{
    name: string;
    sql: string;
  }>;
  const virtual = all.filter((t) => /^create virtual table/i.test(t.sql)).map((t) => t.name);
  return all
    .map((t) => t.name)
    .filter((n) => !/^(sqlite_|kysely_migration)/.test(n) && !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
}

export async function migrateDataToPostgres(
  source: Config,
  target: Config,
  progress: (table: string, rows: number) => void = () => {},
): Promise<TableCopy[]> {
  if (source.database.kind !== 'sqlite') throw new Error('the source store must be SQLite (unset DATABASE_URL)');
  if (target.database.kind !== 'postgres') throw new Error('--to must be a postgres:// URL');
  const from = createDatabase(source);
  const to = createDatabase(target);
  try {
    await migrateToLatest(from);
    await migrateToLatest(to, target.database.schema);
    const raw = from.sqlite;
    if (!raw) throw new Error('no SQLite handle');
    const tables = copyableTables(raw);
    const pg = to.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const t of tables) {
      const n = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(pg)).rows[0]?.n ?? 0);
      if (n > 0) throw new Error(`target table ${t} already has ${n} rows: migrate-data needs an empty PostgreSQL store`);
    }
    const out: TableCopy[] = [];
    await pg.transaction().execute(async (trx) => {
      for (const t of tables) {
        const cols = (raw.prepare(`pragma table_info("${t}")`).all() as Array<{ name: string }>).map((c) => c.name);
        const batch = Math.max(1, Math.floor(10_000 / cols.length));
        const stmt = raw.prepare(`select * from "${t}"`);
        let rows: Record<string, unknown>[] = [];
        let copied = 0;
        const flush = async () => {
          if (rows.length === 0) return;
          await trx.insertInto(t).values(rows).execute();
          copied += rows.length;
          progress(t, copied);
          rows = [];
        };
        for (const r of stmt.iterate() as Iterable<Record<string, unknown>>) {
          rows.push(r);
          if (rows.length >= batch) await flush();
        }
        await flush();
        out.push({ table: t, source: copied, target: 0 });
      }
      // identity columns were given explicit values: move their sequences past them
      const ids = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
      for (const c of ids.rows)
        await sql`select setval(pg_get_serial_sequence(${c.table_name}, ${c.column_name}),
          greatest(1, (select coalesce(max(${sql.ref(c.column_name)}), 0) from ${sql.table(c.table_name)})))`.execute(trx);
    });
    for (const c of out) {
      c.target = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(c.table)}`.execute(pg)).rows[0]?.n ?? 0);
      const s = raw.prepare(`select count(*) as n from "${c.table}"`).get() as { n: number };
      c.source = s.n;
    }
    return out;
  } finally {
    await from.close();
    await to.close();
  }
}
