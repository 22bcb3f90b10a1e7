import type { Db, Tx } from './database.js';
import { isRetryableTxError } from './errors.js';

export interface TxOptions {
  /** PostgreSQL isolation level; SQLite transactions are always serializable (BEGIN IMMEDIATE). */
  isolation?: 'serializable' | 'repeatable read' | 'read committed';
  /** How many times a serialization failure / deadlock / busy database is retried. */
  retries?: number;
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
  for (let attempt = 0; ; attempt++) {
    try {
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
