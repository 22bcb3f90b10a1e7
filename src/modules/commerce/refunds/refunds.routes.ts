import type { AppContext } from '../../../context.js';
import { guards, principalOf } from '../../../http/auth.js';
import type { Http } from '../../../http/types.js';
import * as s from './refunds.schemas.js';

export async function refundRoutes(app: Http, ctx: AppContext) {
  const { refunds } = ctx.services.commerce;

  app.post('/me/purchases/:purchaseId/refund', { schema: s.requestRefund, preHandler: guards.user }, async (req, reply) =>
    reply.code(201).send({ refund: await refunds.request(principalOf(req).user.id, req.params.purchaseId, req.body.reason) }),
  );

  app.get('/admin/refunds', { schema: s.listRefunds, preHandler: guards.role('admin') }, async (req) => {
    const { status, limit = 20, offset = 0 } = req.query;
    return { refunds: await refunds.list(ctx.db, { status, limit, offset }) };
  });

  app.post('/admin/refunds/:refundId/approve', { schema: s.decideRefund, preHandler: guards.role('admin') }, async (req) => ({
    refund: await refunds.approve(principalOf(req).user.id, req.params.refundId, req.body?.note),
  }));

  app.post('/admin/refunds/:refundId/reject', { schema: s.decideRefund, preHandler: guards.role('admin') }, async (req) => ({
    refund: await refunds.reject(principalOf(req).user.id, req.params.refundId, req.body?.note),
  }));
}
