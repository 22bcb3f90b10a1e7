/**
 * Group commit for SQLite: short transactions submitted while another one is being written
 * share one BEGIN … COMMIT, each inside its own SAVEPOINT. SQLite has a single writer and its
 * commit cost grows with the pages it writes to the WAL, so eight purchases committed together
 * write the shared tail pages (outbox, ledger, time-ordered ids) once instead of eight times.
 *
 * Every job keeps its own atomicity: a job that throws is rolled back to its savepoint alone and
 * rejects with its error; the others commit. No job resolves before the COMMIT has returned, so
 * a caller never answers for data that is not committed; if the COMMIT fails every job rejects
 * and the caller's retry loop (inTransaction) runs it again. Nothing waits to form a batch: a
 * job submitted to an idle committer starts on the next turn of the event loop.
 */
import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

interface Job {
  fn: (trx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** At most this many transactions share one commit, so a batch holds the database briefly. */
const MAX_BATCH = 32;

export class GroupCommitter {
  private queue: Job[] = [];
  private running = false;
  /** Batches and jobs committed so far (metrics and tests). */
  readonly stats = { batches: 0, jobs: 0 };

  constructor(private readonly db: Db) {}

  submit<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.running = false;
    }
  }

  private async runBatch(jobs: Job[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of jobs) {
          await sql`savepoint group_job`.execute(trx);
          try {
            const value = await job.fn(trx);
            await sql`release group_job`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`rollback to group_job`.execute(trx);
            await sql`release group_job`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.jobs += jobs.length;
    jobs.forEach((job, i) => {
      const o = outcomes[i];
      if (o?.ok) job.resolve(o.value);
      else job.reject(o?.error);
    });
  }
}

const committers = new WeakMap<Db, GroupCommitter>();

export function groupCommitterFor(db: Db): GroupCommitter {
  let c = committers.get(db);
  if (!c) {
    c = new GroupCommitter(db);
    committers.set(db, c);
  }
  return c;
}
