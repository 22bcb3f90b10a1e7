import type { Kysely } from 'kysely';
import { type Db, dialectOf, type Tx } from './database.js';
import { isRetryableTxError } from './errors.js';
import { groupCommitterFor } from './group-commit.js';

export interface TxOptions {
  /** PostgreSQL isolation level; SQLite transactions are always serializable (BEGIN IMMEDIATE). */
  isolation?: 'serializable' | 'repeatable read' | 'read committed';
  /** How many times a serialization failure / deadlock / busy database is retried. */
  retries?: number;
  /**
   * On SQLite, share a commit with other short transactions submitted at the same time (see
   * group-commit.ts). For hot, small write transactions; ignored on PostgreSQL.
   */
  group?: boolean;
}

/**
 * Runs `fn` in a transaction, retrying the whole function on serialization failures
 * (PostgreSQL 40001/40P01) and busy databases, with exponential backoff and jitter.
 * `fn` must not talk to the outside world: it may run more than once. Passing an open
 * transaction joins it instead of nesting.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  // Already inside a transaction: join it (the outer caller owns commit and retries).
  if (db.isTransaction) return fn(db as Tx);
  const retries = opts.retries ?? 5;
  const grouped = opts.group === true && dialectOf(db as unknown as Kysely<unknown>) === 'sqlite';
  for (let attempt = 0; ; attempt++) {
    try {
      if (grouped) return await groupCommitterFor(db).submit(fn);
      let builder = db.transaction();
      if (opts.isolation) builder = builder.setIsolationLevel(opts.isolation);
      return await builder.execute(fn);
    } catch (err) {
      if (attempt >= retries || !isRetryableTxError(err)) throw err;
      const base = Math.min(200, 5 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, base / 2 + Math.random() * base));
    }
  }
}
