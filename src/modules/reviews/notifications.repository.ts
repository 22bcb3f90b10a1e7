/** SQL of the in-app notification list. */
import type { Executor } from '../../db/database.js';
import type { NotificationsTable } from './reviews.tables.js';

/** Inserts once per source event (redelivery is a no-op). */
export const insertNotification = (db: Executor, row: NotificationsTable) =>
  db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.column('source_id').doNothing())
    .execute();

export function listForUser(db: Executor, userId: string, q: { unreadOnly: boolean; limit: number; offset: number }) {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (q.unreadOnly) query = query.where('read_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}

export const countUnread = async (db: Executor, userId: string) =>
  Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst()
    )?.n ?? 0,
  );

export const markRead = (db: Executor, userId: string, id: string, now: string) =>
  db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();

export const exists = async (db: Executor, userId: string, id: string) =>
  (await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()) !== undefined;

export const markAllRead = (db: Executor, userId: string, now: string) =>
  db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
