import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import { AppError } from '../../platform/errors.js';
import * as s from './reviews.schemas.js';

/** Developers: respond to reviews, read their inbox, reset a rating summary. */
export async function developerReviewRoutes(app: Http, ctx: AppContext) {
  const reviews = ctx.services.reviews;
  const guard = guards.developer('reviews:write');
  const devId = (req: Parameters<typeof principalOf>[0]) => principalOf(req).user.developerId as string;

  app.put('/reviews/:id/response', { schema: s.respond, preHandler: guard }, async (req, reply) => {
    const r = await reviews.responses.respond(ctx.db, devId(req), req.params.id, req.body.body);
    return reply.code(r.created ? 201 : 200).send({ response: r.response });
  });

  app.delete('/reviews/:id/response', { schema: s.removeResponse, preHandler: guard }, async (req, reply) => {
    await reviews.responses.removeResponse(ctx.db, devId(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/developers/me/reviews', { schema: s.inbox, preHandler: guards.developer('apps:read') }, async (req) => {
    const { limit = 20, offset = 0, sort = 'recent', ...filters } = req.query;
    return { ...(await reviews.responses.inbox(ctx.db, devId(req), { ...filters, sort, limit, offset })), limit, offset };
  });

  app.post('/apps/:bundleId/ratings/reset', { schema: s.resetRatings, preHandler: guards.developer('apps:write') }, async (req) => {
    const appId = await ctx.services.catalog.appIdForBundle(ctx.db, req.params.bundleId);
    const [row] = appId ? await ctx.services.catalog.appsByIds(ctx.db, [appId]) : [];
    if (!row || row.developer_id !== devId(req)) throw new AppError('app_not_found');
    await reviews.ratings.reset(ctx.db, row.id, req.body?.version ?? row.version);
    return { bundleId: row.bundle_id, ...(await reviews.ratings.summary(ctx.db, row.id, {})) };
  });
}
