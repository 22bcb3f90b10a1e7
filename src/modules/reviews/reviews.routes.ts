import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import * as s from './reviews.schemas.js';

/** Shoppers: write, read, vote on and report reviews; read rating summaries. */
export async function reviewsRoutes(app: Http, ctx: AppContext) {
  const reviews = ctx.services.reviews;

  app.post('/apps/:bundleId/reviews', { schema: s.submitReview, preHandler: guards.user }, async (req, reply) => {
    const user = principalOf(req).user;
    const r = await reviews.submit(ctx.db, { id: user.id, country: user.country }, req.params.bundleId, req.body);
    return reply.code(r.created ? 201 : 200).send({ review: r.review });
  });

  app.get('/apps/:bundleId/reviews', { schema: s.listReviews }, async (req) => {
    const { sort = 'helpful', limit = 20, offset = 0, country, version, rating } = req.query;
    const viewer = req.principal?.via === 'session' ? req.principal.user.id : undefined;
    const r = await reviews.listForApp(ctx.db, req.params.bundleId, { sort, limit, offset, country, version, rating }, viewer);
    return { ...r, limit, offset, sort };
  });

  app.get('/apps/:bundleId/reviews/mine', { schema: s.myReview, preHandler: guards.user }, async (req) => ({
    review: await reviews.getMine(ctx.db, principalOf(req).user.id, req.params.bundleId),
  }));

  app.delete('/reviews/:id', { schema: s.deleteReview, preHandler: guards.user }, async (req, reply) => {
    await reviews.remove(ctx.db, principalOf(req).user.id, req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/reviews/:id/history', { schema: s.reviewHistory, preHandler: guards.user }, async (req) => {
    const user = principalOf(req).user;
    const isModerator = user.role === 'moderator' || user.role === 'admin';
    return { revisions: await reviews.history(ctx.db, req.params.id, { id: user.id, isModerator }) };
  });

  app.put('/reviews/:id/vote', { schema: s.vote, preHandler: guards.user }, async (req) =>
    reviews.vote(ctx.db, principalOf(req).user.id, req.params.id, req.body.helpful),
  );

  app.delete('/reviews/:id/vote', { schema: s.unvote, preHandler: guards.user }, async (req) =>
    reviews.vote(ctx.db, principalOf(req).user.id, req.params.id, null),
  );

  app.post('/reviews/:id/reports', { schema: s.reportReview, preHandler: guards.user }, async (req, reply) => {
    await reviews.report(ctx.db, principalOf(req).user.id, req.params.id, req.body.reason, req.body.note ?? '');
    return reply.code(202).send({ reported: true });
  });

  app.get('/apps/:bundleId/ratings', { schema: s.ratings }, async (req) => {
    const appRow = await reviews.liveApp(ctx.db, req.params.bundleId);
    return { bundleId: appRow.bundle_id, ...(await reviews.ratings.summary(ctx.db, appRow.id, req.query)) };
  });

  app.get('/apps/:bundleId/ratings/breakdown', { schema: s.ratingsBreakdown }, async (req) => {
    const appRow = await reviews.liveApp(ctx.db, req.params.bundleId);
    return { bundleId: appRow.bundle_id, ...(await reviews.ratings.breakdown(ctx.db, appRow.id)) };
  });
}
