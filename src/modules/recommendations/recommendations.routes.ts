import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import * as s from './recommendations.schemas.js';

export async function recommendationsRoutes(app: Http, ctx: AppContext) {
  const recs = ctx.services.recommendations;

  app.get('/me/recommendations', { schema: s.mine, preHandler: guards.user }, async (req) => {
    const { id, country } = principalOf(req).user;
    return recs.forUser(ctx.db, { id, country });
  });

  app.get('/apps/:bundleId/similar', { schema: s.similar }, async (req) => ({
    apps: await recs.similar(ctx.db, req.params.bundleId, req.query.limit ?? 10),
  }));

  app.post('/admin/recommendations/train', { schema: s.train, preHandler: guards.role('admin') }, async () => recs.train(ctx.db));
}
