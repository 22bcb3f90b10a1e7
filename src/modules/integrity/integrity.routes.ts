import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import { AppError } from '../../platform/errors.js';
import { listAudit, writeAudit } from './audit.js';
import * as s from './integrity.schemas.js';

/** The moderation console's API (moderators and admins). */
export async function moderationRoutes(app: Http, ctx: AppContext) {
  const { moderation, incidents, training } = ctx.services.integrity;
  const mod = guards.role('moderator');
  const me = (req: Parameters<typeof principalOf>[0]) => principalOf(req).user.id;
  const appIdOf = async (bundleId?: string) => {
    if (!bundleId) return undefined;
    const id = await ctx.services.catalog.appIdForBundle(ctx.db, bundleId);
    if (!id) throw new AppError('app_not_found');
    return id;
  };

  app.get('/moderation/queue', { schema: s.queue, preHandler: mod }, async (req) => {
    const { limit = 20, offset = 0, bundleId } = req.query;
    return { ...(await moderation.queue(ctx.db, { appId: await appIdOf(bundleId), limit, offset })), limit, offset };
  });

  app.get('/moderation/reviews/:id', { schema: s.reviewDetail, preHandler: mod }, async (req) =>
    moderation.reviewDetail(ctx.db, req.params.id),
  );

  app.post('/moderation/reviews/:id/decision', { schema: s.decide, preHandler: mod }, async (req) => ({
    review: await moderation.decide(ctx.db, me(req), req.params.id, req.body.action, req.body.reason),
  }));

  app.post('/moderation/reviews/decisions', { schema: s.bulkDecide, preHandler: mod }, async (req) => ({
    results: await moderation.bulk(ctx.db, me(req), req.body.ids, req.body.action, req.body.reason),
  }));

  app.get('/moderation/incidents', { schema: s.incidents, preHandler: mod }, async (req) => {
    const { limit = 20, offset = 0, status, bundleId } = req.query;
    return { incidents: await incidents.list(ctx.db, { status, appId: await appIdOf(bundleId), limit, offset }), limit, offset };
  });

  app.get('/moderation/incidents/:id', { schema: s.incident, preHandler: mod }, async (req) => ({
    incident: await incidents.get(ctx.db, req.params.id),
  }));

  app.post('/moderation/incidents/:id/resolve', { schema: s.resolveIncident, preHandler: mod }, async (req) => ({
    incident: await incidents.resolve(ctx.db, me(req), req.params.id, req.body.resolution, req.body.note),
  }));

  app.get('/moderation/audit', { schema: s.audit, preHandler: mod }, async (req) => {
    const { limit = 20, offset = 0, actorId, targetId } = req.query;
    return { entries: await listAudit(ctx.db, { actorId, targetId, limit, offset }), limit, offset };
  });

  app.get('/moderation/models', { schema: s.models, preHandler: mod }, async () => ({ models: await training.versions(ctx.db) }));

  app.post('/moderation/models/retrain', { schema: s.retrain, preHandler: mod }, async (req) => {
    const force = req.body?.force === true;
    if (force && principalOf(req).user.role !== 'admin') throw new AppError('forbidden', 'Only admins may force a model live');
    const r = await training.retrain(ctx.db, 'moderator', { force });
    await writeAudit(ctx.db, ctx.clock, {
      actorId: me(req),
      action: 'model.retrain',
      targetType: 'model',
      targetId: String(r.version),
      details: { promoted: r.promoted, force, f1: r.metrics.f1 },
    });
    return r;
  });
}
