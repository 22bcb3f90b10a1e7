import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import { AppError } from '../../platform/errors.js';
import { present } from './catalog.js';
import * as s from './subscriptions.schemas.js';

export async function subscriptionRoutes(app: Http, ctx: AppContext) {
  const svc = ctx.services.subscriptions;
  const devId = (req: FastifyRequest) => principalOf(req).user.developerId as string;
  const userId = (req: FastifyRequest) => principalOf(req).user.id;
  const view = async (uid: string, id: string) => ({ subscription: await svc.one(uid, id) });

  // ── catalog ────────────────────────────────────────────────────────────────
  app.get('/apps/:bundleId/subscriptions', { schema: s.appGroups }, async (req) => {
    const { app: a } = await ctx.services.catalog.priceOf(ctx.db, req.params.bundleId, req.query.country ?? 'US');
    return { groups: await svc.products.groups(ctx.db, a.id, { country: req.query.country }) };
  });

  app.get(
    '/developers/me/apps/:bundleId/subscription-groups',
    { schema: s.myGroups, preHandler: guards.developer('apps:read') },
    async (req) => {
      const a = await svc.products.ownedApp(ctx.db, devId(req), req.params.bundleId);
      return {
        groups: await svc.products.groups(ctx.db, a.id, { includeRemoved: true }),
        gracePeriodDays: await svc.products.graceDays(ctx.db, a.id),
      };
    },
  );

  app.post(
    '/apps/:bundleId/subscription-groups',
    { schema: s.createGroup, preHandler: guards.developer('apps:write') },
    async (req, reply) =>
      reply.code(201).send({ group: await svc.products.createGroup(ctx.db, devId(req), req.params.bundleId, req.body.name) }),
  );

  app.post(
    '/apps/:bundleId/subscriptions/products',
    { schema: s.createProduct, preHandler: guards.developer('apps:write') },
    async (req, reply) => {
      if ((req.body.tier === undefined) === (req.body.prices === undefined))
        throw new AppError('validation_failed', 'Give a tier or prices');
      return reply.code(201).send({ product: await svc.products.createProduct(ctx.db, devId(req), req.params.bundleId, req.body) });
    },
  );

  app.patch(
    '/apps/:bundleId/subscriptions/products/:productId',
    { schema: s.updateProduct, preHandler: guards.developer('apps:write') },
    async (req) => ({ product: await svc.products.updateProduct(ctx.db, devId(req), req.params.bundleId, req.params.productId, req.body) }),
  );

  app.put(
    '/apps/:bundleId/subscriptions/products/:productId/prices',
    { schema: s.setPrices, preHandler: guards.developer('apps:write') },
    async (req) => {
      if ((req.body.tier === undefined) === (req.body.prices === undefined))
        throw new AppError('validation_failed', 'Give a tier or prices');
      const r = await svc.setPrices(devId(req), req.params.bundleId, req.params.productId, req.body);
      return { product: present(r.product.product, r.product.after), subscribersNotified: r.subscribersNotified };
    },
  );

  app.put('/apps/:bundleId/subscriptions/settings', { schema: s.setSettings, preHandler: guards.developer('apps:write') }, async (req) =>
    svc.products.setGraceDays(ctx.db, devId(req), req.params.bundleId, req.body.gracePeriodDays),
  );

  // ── developer reads and the status API ────────────────────────────────────
  app.get(
    '/developers/me/apps/:bundleId/subscribers',
    { schema: s.subscribers, preHandler: guards.developer('subscriptions:read') },
    async (req) => ({
      subscriptions: await svc.subscribers(devId(req), req.params.bundleId, {
        limit: req.query.limit ?? 20,
        offset: req.query.offset ?? 0,
        status: req.query.status,
      }),
    }),
  );

  app.get(
    '/developers/me/apps/:bundleId/subscriptions/metrics',
    { schema: s.metrics, preHandler: guards.developer('subscriptions:read') },
    async (req) => svc.metrics(devId(req), req.params.bundleId, req.query.days ?? 30),
  );

  app.get(
    '/developers/me/apps/:bundleId/subscriptions/:originalTransactionId',
    { schema: s.statuses, preHandler: guards.developer('subscriptions:read') },
    async (req) => svc.statuses(devId(req), req.params.bundleId, req.params.originalTransactionId),
  );

  app.get(
    '/developers/me/apps/:bundleId/transactions',
    { schema: s.transactions, preHandler: guards.developer('subscriptions:read') },
    async (req) => svc.transactions(devId(req), req.params.bundleId, req.query.appAccountToken, req.query.refunded ?? false),
  );

  // ── shoppers ───────────────────────────────────────────────────────────────
  app.get('/me/subscriptions', { schema: s.mine, preHandler: guards.user }, async (req) => ({
    subscriptions: await svc.mine(userId(req)),
  }));

  app.get('/me/subscriptions/:id', { schema: s.one, preHandler: guards.user }, async (req) => ({
    ...(await view(userId(req), req.params.id)),
    plans: await svc.plansFor(userId(req), req.params.id),
  }));

  app.post('/me/subscriptions/:id/cancel', { schema: s.action, preHandler: guards.user }, async (req) => {
    await svc.lifecycle.setAutoRenew(userId(req), req.params.id, false);
    return view(userId(req), req.params.id);
  });

  app.post('/me/subscriptions/:id/resume', { schema: s.action, preHandler: guards.user }, async (req) => {
    await svc.lifecycle.setAutoRenew(userId(req), req.params.id, true);
    return view(userId(req), req.params.id);
  });

  app.post('/me/subscriptions/:id/price-consent', { schema: s.action, preHandler: guards.user }, async (req) => {
    await svc.lifecycle.consentToPrice(userId(req), req.params.id);
    return view(userId(req), req.params.id);
  });

  app.post('/me/subscriptions/:id/change-plan', { schema: s.changePlan, preHandler: guards.user }, async (req) => {
    const r = await svc.lifecycle.changePlan(userId(req), req.params.id, req.body.productId);
    return { ...(await view(userId(req), req.params.id)), effective: r.effective, chargedMinor: r.chargedMinor };
  });

  app.put('/me/subscriptions/:id/payment-method', { schema: s.paymentMethod, preHandler: guards.user }, async (req) => {
    await svc.lifecycle.setPaymentToken(userId(req), req.params.id, req.body.paymentToken);
    return view(userId(req), req.params.id);
  });
}
