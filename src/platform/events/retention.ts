/**
 * Keeps the event tables from growing forever: delivered outbox rows are kept for a week
 * (local consumers of restarting processes and snapshot-based replicas read recent history;
 * dead letters and pending retries keep theirs), inbox rows for two weeks (the dedup window is
 * far longer than any redelivery).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../clock.js';
import type { JobSpec } from '../jobs/scheduler.js';

export const OUTBOX_RETENTION_DAYS = 7;
export const INBOX_RETENTION_DAYS = 14;

export async function pruneEvents(db: Db, now: Date): Promise<{ outbox: number; inbox: number }> {
  const outboxBefore = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * DAY_MS).toISOString();
  const inboxBefore = new Date(now.getTime() - INBOX_RETENTION_DAYS * DAY_MS).toISOString();
  const o = await db
    .deleteFrom('outbox')
    .where('dispatched_at', '<', outboxBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('event_retries').select(sql`1`.as('one')).whereRef('event_retries.event_id', '=', 'outbox.id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('dead_letters')
            .select(sql`1`.as('one'))
            .whereRef('dead_letters.event_id', '=', 'outbox.id')
            .where('dead_letters.redriven_at', 'is', null),
        ),
      ),
    )
    .executeTakeFirst();
  const i = await db.deleteFrom('inbox').where('processed_at', '<', inboxBefore).executeTakeFirst();
  return { outbox: Number(o.numDeletedRows), inbox: Number(i.numDeletedRows) };
}

export const eventRetentionJob = (db: Db, _clock: Clock): JobSpec => ({
  name: 'platform.event-retention',
  everyMs: 3_600_000,
  run: async (now) => {
    await pruneEvents(db, now);
  },
});
