/**
 * One Kysely instance over either SQLite (embedded default) or PostgreSQL (scale-out),
 * chosen by config. Both dialects return the same JS shapes: timestamps as ISO-8601 strings,
 * integers (including bigint/count) as numbers, booleans stored as 0/1 integers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Anything that runs queries: the database handle or an open transaction. */
export type Executor = Kysely<DB>;
export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly dialect: Dialect;
  /** The raw better-sqlite3 handle (bulk loaders, backup); undefined on PostgreSQL. */
  readonly sqlite?: SqliteDatabase.Database;
  /** The pg pool (advisory locks, COPY); undefined on SQLite. */
  readonly pool?: pg.Pool;
  close(): Promise<void>;
}

let pgTypesConfigured = false;
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pgTypesConfigured = true;
  // bigint/count → number (money sums stay far below 2^53), numeric → number, timestamptz → ISO string
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
  pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString());
}

/** Kysely begins SQLite transactions DEFERRED; IMMEDIATE avoids lock-upgrade deadlocks between processes. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
/**
 * SQLite does run DDL in transactions. Saying so makes Kysely's Migrator wrap the whole run in
 * one (BEGIN IMMEDIATE) transaction, which is the cross-process migration lock that Kysely's
 * SQLite adapter otherwise lacks (it assumes a single process).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Wraps better-sqlite3 so Kysely reuses prepared statements instead of re-preparing each query. */
function withStatementCache(raw: SqliteDatabase.Database, max = 1000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (sql: string) => {
          let stmt = cache.get(sql);
          if (stmt?.busy) return target.prepare(sql); // an iterator is still open on the cached one
          if (!stmt) {
            stmt = target.prepare(sql);
            if (cache.size >= max) cache.delete(cache.keys().next().value as string);
            cache.set(sql, stmt);
          }
          return stmt;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

export function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  // busy_timeout first: switching to WAL needs a lock another process may briefly hold
  raw.pragma('busy_timeout = 10000');
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('cache_size = -65536'); // 64 MiB page cache
  raw.pragma('temp_store = MEMORY');
  return raw;
}

export function createDatabase(config: Pick<Config, 'database'>): Database {
  const c = config.database;
  if (c.kind === 'sqlite') {
    const raw = openSqlite(c.file);
    const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(raw) }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite: raw,
      close: async () => {
        await db.destroy();
      },
    };
  }
  configurePgTypes();
  const pool = new pg.Pool({
    Client: NamedStatementClient,
    connectionString: c.url,
    max: c.poolSize,
    options: c.schema ? `-c search_path=${c.schema}` : undefined,
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it on every execution. This
 * client names the statements the store runs over and over (short text, few parameters) after a
 * hash of their text, so each connection prepares them once and then only binds and executes.
 * Long or many-parameter texts (ad-hoc lists) stay unnamed, which bounds the per-connection
 * statement cache. A prepared plan that a migration invalidated (0A000 "cached plan must not
 * change result type") is dropped by PostgreSQL on that error; the query is retried unnamed.
 */
const statementNames = new Map<string, string>();
class NamedStatementClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is heavily overloaded; only (text, values) calls are rewritten
  override query(...args: any[]): any {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length !== 2 || !Array.isArray(values) || text.length > 2000 || values.length > 40)
      return (super.query as (...a: unknown[]) => unknown)(...args);
    let name = statementNames.get(text);
    if (!name) {
      name = `k${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      if (statementNames.size < 5000) statementNames.set(text, name);
    }
    const run = (super.query as (q: pg.QueryConfig) => Promise<pg.QueryResult>).bind(this);
    return run({ name, text, values }).catch((err: { code?: string }) => {
      if (err?.code !== '0A000') throw err;
      return run({ text, values });
    });
  }
}

/** Which dialect a (possibly untyped) Kysely handle speaks; used by migrations. */
export function dialectOf(db: Kysely<unknown>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error('unsupported dialect');
}
