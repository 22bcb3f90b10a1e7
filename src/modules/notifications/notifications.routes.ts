import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import * as s from './notifications.schemas.js';

export async function notificationRoutes(app: Http, ctx: AppContext) {
  const svc = ctx.services.notifications;
  const devId = (req: FastifyRequest) => principalOf(req).user.developerId as string;
  const base = '/developers/me/apps/:bundleId/notifications';

  app.get(`${base}/settings`, { schema: s.getSettings, preHandler: guards.developer('apps:read') }, async (req) =>
    svc.endpoint(devId(req), req.params.bundleId),
  );
  app.put(`${base}/settings`, { schema: s.putSettings, preHandler: guards.developer('notifications:write') }, async (req) =>
    svc.setEndpoint(devId(req), req.params.bundleId, req.body.url),
  );
  app.delete(`${base}/settings`, { schema: s.deleteSettings, preHandler: guards.developer('notifications:write') }, async (req, reply) => {
    await svc.removeEndpoint(devId(req), req.params.bundleId);
    return reply.code(204).send(null);
  });
  app.post(`${base}/test`, { schema: s.sendTest, preHandler: guards.developer('notifications:write') }, async (req) => ({
    notification: await svc.sendTest(devId(req), req.params.bundleId),
  }));
  app.get(base, { schema: s.history, preHandler: guards.developer('subscriptions:read') }, async (req) =>
    svc.history(devId(req), req.params.bundleId, { limit: req.query.limit ?? 20, offset: req.query.offset ?? 0, status: req.query.status }),
  );
  app.post(`${base}/:id/replay`, { schema: s.replay, preHandler: guards.developer('notifications:write') }, async (req) => ({
    notification: await svc.replay(devId(req), req.params.bundleId, req.params.id),
  }));
}
