import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import { DAY_MS, utcDay } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import * as s from './charts.schemas.js';

export async function chartsRoutes(app: Http, ctx: AppContext) {
  const charts = ctx.services.charts;

  app.get('/charts', { schema: s.chart }, async (req) =>
    charts.chart(ctx.db, { ...req.query, limit: req.query.limit ?? 20, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/apps/:bundleId/analytics/chart-positions',
    { schema: s.positions, preHandler: guards.developer('analytics:read') },
    async (req) => {
      const developerId = principalOf(req).user.developerId as string;
      const detail = await ctx.services.catalog.getApp(ctx.db, req.params.bundleId, { ownerDeveloperId: developerId });
      if (detail.developerId !== developerId) throw new AppError('app_not_found');
      const to = req.query.to ?? utcDay(ctx.clock.now());
      const from = req.query.from ?? utcDay(new Date(Date.parse(`${to}T00:00:00Z`) - 89 * DAY_MS));
      if (from > to) throw new AppError('validation_failed', '`from` is after `to`');
      return { bundleId: req.params.bundleId, ...(await charts.positions(ctx.db, detail.id, from, to)) };
    },
  );

  const mod = guards.role('moderator');
  app.get('/moderation/chart-incidents', { schema: s.incidents, preHandler: mod }, async (req) =>
    charts.incidents(ctx.db, { status: req.query.status, limit: req.query.limit ?? 20, offset: req.query.offset ?? 0 }),
  );
  app.post('/moderation/chart-incidents/:id/resolve', { schema: s.resolveIncident, preHandler: mod }, async (req) => ({
    incident: await charts.resolveIncident(ctx.db, req.params.id, principalOf(req).user.id, req.body.resolution, req.body.note ?? null),
  }));

  app.post('/admin/charts/run', { schema: s.runNow, preHandler: guards.role('admin') }, async () => charts.compute(ctx.db));
}
