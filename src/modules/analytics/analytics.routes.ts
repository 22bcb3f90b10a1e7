import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import { DAY_MS, utcDay } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import * as s from './analytics.schemas.js';

export async function analyticsRoutes(app: Http, ctx: AppContext) {
  const analytics = ctx.services.analytics;

  /** The developer's own app (any status) and the asked window (default the last 30 days). */
  const ownApp = async (req: FastifyRequest, bundleId: string, q: { from?: string; to?: string }) => {
    const developerId = principalOf(req).user.developerId as string;
    const detail = await ctx.services.catalog.getApp(ctx.db, bundleId, { ownerDeveloperId: developerId });
    if (detail.developerId !== developerId) throw new AppError('app_not_found');
    const to = q.to ?? utcDay(ctx.clock.now());
    const from = q.from ?? utcDay(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS));
    if (from > to) throw new AppError('validation_failed', '`from` is after `to`');
    if (Date.parse(to) - Date.parse(from) > 366 * DAY_MS) throw new AppError('validation_failed', 'At most 366 days at a time');
    return { appId: detail.id, from, to };
  };

  app.post('/analytics/events', { schema: s.ingest, preHandler: guards.user }, async (req) => {
    const fp = analytics.fingerprint(req.ip, req.headers['user-agent']);
    return analytics.ingest(ctx.db, principalOf(req).user.id, req.body.events, fp);
  });

  app.get('/apps/:bundleId/analytics/engagement', { schema: s.engagement, preHandler: guards.developer('analytics:read') }, async (req) => {
    const { appId, from, to } = await ownApp(req, req.params.bundleId, req.query);
    return { bundleId: req.params.bundleId, from, to, days: await analytics.engagement(ctx.db, appId, from, to) };
  });

  app.get('/apps/:bundleId/analytics/revenue', { schema: s.revenue, preHandler: guards.developer('analytics:read') }, async (req) => {
    const { appId, from, to } = await ownApp(req, req.params.bundleId, req.query);
    const [revenue, downloads] = await Promise.all([
      analytics.revenue(ctx.db, appId, from, to),
      analytics.downloads(ctx.db, appId, from, to),
    ]);
    return { bundleId: req.params.bundleId, from, to, revenue, downloads };
  });
}
