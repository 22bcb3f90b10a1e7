/** All SQL of the notifications module. */
import type { Executor } from '../../db/database.js';
import type { NotificationAttemptsTable, NotificationStatus, NotificationsTable } from './notifications.tables.js';

export type NotificationRow = NotificationsTable;

export const endpointOf = (db: Executor, appId: string) =>
  db.selectFrom('server_notification_endpoints').selectAll().where('app_id', '=', appId).executeTakeFirst();
export const upsertEndpoint = (db: Executor, appId: string, url: string, now: string) =>
  db
    .insertInto('server_notification_endpoints')
    .values({ app_id: appId, url, updated_at: now })
    .onConflict((oc) => oc.column('app_id').doUpdateSet({ url, updated_at: now }))
    .execute();
export const deleteEndpoint = (db: Executor, appId: string) =>
  db.deleteFrom('server_notification_endpoints').where('app_id', '=', appId).execute();

export const insertNotification = (db: Executor, row: NotificationRow) => insertNotifications(db, [row]);
export const insertNotifications = async (db: Executor, rows: NotificationRow[]) => {
  if (rows.length > 0) await db.insertInto('server_notifications').values(rows).execute();
};
/** The apps among `appIds` that have a webhook. */
export const appsWithEndpoints = async (db: Executor, appIds: string[]) =>
  new Set(
    appIds.length === 0
      ? []
      : (await db.selectFrom('server_notification_endpoints').select('app_id').where('app_id', 'in', appIds).execute()).map(
          (r) => r.app_id,
        ),
  );
export const findNotification = (db: Executor, id: string) =>
  db.selectFrom('server_notifications').selectAll().where('id', '=', id).executeTakeFirst() as Promise<NotificationRow | undefined>;

export const due = (db: Executor, now: string, limit: number) =>
  db
    .selectFrom('server_notifications')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute() as Promise<NotificationRow[]>;

/** Takes a notification for one delivery attempt (compare-and-set on its lock and attempt count). */
export const lock = async (db: Executor, n: NotificationRow, now: string, until: string) =>
  Number(
    (
      await db
        .updateTable('server_notifications')
        .set({ locked_until: until })
        .where('id', '=', n.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', n.attempts)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const update = (db: Executor, id: string, patch: Partial<NotificationRow>) =>
  db.updateTable('server_notifications').set(patch).where('id', '=', id).execute();

export const insertAttempt = (db: Executor, row: NotificationAttemptsTable) =>
  db.insertInto('server_notification_attempts').values(row).execute();

export const listForApp = (db: Executor, appId: string, limit: number, offset: number, status?: NotificationStatus) => {
  let q = db.selectFrom('server_notifications').selectAll().where('app_id', '=', appId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute() as Promise<NotificationRow[]>;
};
export const attemptsOf = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('server_notification_attempts').selectAll().where('notification_id', 'in', ids).orderBy('at').execute()
    : Promise.resolve([] as NotificationAttemptsTable[]);
