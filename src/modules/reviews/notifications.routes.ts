import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import * as s from './reviews.schemas.js';

/** The signed-in user's in-app notifications. */
export async function notificationRoutes(app: Http, ctx: AppContext) {
  const notifications = ctx.services.reviews.notifications;

  app.get('/me/notifications', { schema: s.notifications, preHandler: guards.user }, async (req) => {
    const { unread = false, limit = 20, offset = 0 } = req.query;
    return notifications.list(ctx.db, principalOf(req).user.id, { unreadOnly: unread, limit, offset });
  });

  app.post('/me/notifications/:id/read', { schema: s.readNotification, preHandler: guards.user }, async (req, reply) => {
    await notifications.markRead(ctx.db, principalOf(req).user.id, req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/me/notifications/read-all', { schema: s.readAllNotifications, preHandler: guards.user }, async (req) => ({
    updated: await notifications.markAllRead(ctx.db, principalOf(req).user.id),
  }));
}
