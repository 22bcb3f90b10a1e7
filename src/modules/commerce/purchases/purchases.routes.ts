import type { AppContext } from '../../../context.js';
import { guards, principalOf } from '../../../http/auth.js';
import type { Http } from '../../../http/types.js';
import * as s from './purchases.schemas.js';

export async function purchaseRoutes(app: Http, ctx: AppContext) {
  const { purchases, history } = ctx.services.commerce;

  app.post('/purchases', { schema: s.createPurchase, preHandler: guards.user }, async (req, reply) => {
    const { user } = principalOf(req);
    const r = await purchases.purchase(user, req.headers['idempotency-key'], req.body, {
      requestId: String(req.id),
      instance: req.url.split('?')[0] ?? '/api/v1/purchases',
    });
    // stored bytes, sent as they are: a replay is byte-identical to the first answer
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    return reply
      .code(r.status as 201)
      .type(r.contentType)
      .send(Buffer.from(r.body) as never);
  });

  app.get('/me/purchases', { schema: s.myPurchases, preHandler: guards.user }, async (req) => {
    const { limit = 20, offset = 0 } = req.query;
    return history.list(ctx.db, principalOf(req).user.id, limit, offset);
  });

  app.get('/me/library', { schema: s.myLibrary, preHandler: guards.user }, async (req) =>
    history.library(ctx.db, principalOf(req).user.id),
  );

  app.post('/receipts/verify', { schema: s.verifyReceipt }, async (req) => history.verify(req.body.receipt, req.body.bundleId));
}

export async function jwksRoutes(app: Http, ctx: AppContext) {
  app.get('/.well-known/jwks.json', { schema: s.jwks }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return ctx.services.commerce.receipts.jwks();
  });
}
