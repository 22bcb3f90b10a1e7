/** Admin view of events that exhausted their retries, and re-driving them. */
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';

export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string;
  type: string;
  payload: unknown;
  error: string;
  attempts: number;
  createdAt: string;
  redrivenAt: string | null;
}

export async function listDeadLetters(db: Db, opts: { includeRedriven?: boolean; limit?: number } = {}) {
  let q = db
    .selectFrom('dead_letters')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(opts.limit ?? 100);
  if (!opts.includeRedriven) q = q.where('redriven_at', 'is', null);
  const rows = await q.execute();
  return rows.map(
    (r): DeadLetter => ({
      id: r.id,
      consumer: r.consumer,
      eventId: r.event_id,
      type: r.type,
      payload: JSON.parse(r.payload),
      error: r.error,
      attempts: r.attempts,
      createdAt: r.created_at,
      redrivenAt: r.redriven_at,
    }),
  );
}

/** Dead letters not yet re-driven (metrics, `events status`). */
export async function countOpenDeadLetters(db: Db): Promise<number> {
  const r = await db
    .selectFrom('dead_letters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('redriven_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Puts a dead letter back on the retry schedule (due now); the consumer's inbox still dedups. */
export async function redriveDeadLetter(db: Db, clock: Clock, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const dl = await trx.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
    if (!dl || dl.redriven_at) throw new AppError('dead_letter_not_found');
    const now = clock.now().toISOString();
    await trx
      .insertInto('event_retries')
      .values({
        consumer: dl.consumer,
        event_id: dl.event_id,
        seq: dl.seq,
        attempts: 0,
        next_attempt_at: now,
        last_error: dl.error,
      })
      .onConflict((oc) => oc.columns(['consumer', 'event_id']).doUpdateSet({ attempts: 0, next_attempt_at: now }))
      .execute();
    await trx.updateTable('dead_letters').set({ redriven_at: now }).where('id', '=', id).execute();
  });
}
