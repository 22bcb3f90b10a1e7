/**
 * In-app notifications ("the developer answered your review"). Written by durable consumers,
 * once per source event, and read by the signed-in user.
 */
import type { Db, Executor } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as repo from './notifications.repository.js';

registerErrors({ notification_not_found: { status: 404, title: 'No such notification' } });

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}

export class NotificationsService {
  constructor(private readonly d: { clock: Clock }) {}

  /** Adds a notification; `sourceId` (the event id) makes a redelivery a no-op. */
  async notify(
    trx: Executor,
    n: { userId: string; kind: string; title: string; body?: string; data: Record<string, string>; sourceId: string },
  ): Promise<void> {
    await repo.insertNotification(trx, {
      id: newId(),
      user_id: n.userId,
      kind: n.kind,
      title: n.title,
      body: n.body ?? '',
      data: JSON.stringify(n.data),
      source_id: n.sourceId,
      created_at: this.d.clock.now().toISOString(),
      read_at: null,
    });
  }

  async list(db: Executor, userId: string, q: { unreadOnly: boolean; limit: number; offset: number }) {
    const [rows, unread] = await Promise.all([repo.listForUser(db, userId, q), repo.countUnread(db, userId)]);
    const notifications: Notification[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      data: JSON.parse(r.data),
      createdAt: r.created_at,
      readAt: r.read_at,
    }));
    return { notifications, unread };
  }

  async markRead(db: Db, userId: string, id: string): Promise<void> {
    const r = await repo.markRead(db, userId, id, this.d.clock.now().toISOString());
    if (Number(r.numUpdatedRows) === 0 && !(await repo.exists(db, userId, id))) throw new AppError('notification_not_found');
  }

  async markAllRead(db: Db, userId: string): Promise<number> {
    return Number((await repo.markAllRead(db, userId, this.d.clock.now().toISOString())).numUpdatedRows);
  }
}
