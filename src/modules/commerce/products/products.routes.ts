import type { AppContext } from '../../../context.js';
import { guards, principalOf } from '../../../http/auth.js';
import type { Http } from '../../../http/types.js';
import { AppError } from '../../../platform/errors.js';
import * as s from './products.schemas.js';
import { MAX_TIER, tierPrices, tierUsdMinor } from './tiers.js';

export async function productRoutes(app: Http, ctx: AppContext) {
  const { products } = ctx.services.commerce;
  const devId = (req: Parameters<typeof principalOf>[0]) => principalOf(req).user.developerId as string;
  const tiers = Array.from({ length: MAX_TIER + 1 }, (_, tier) => ({ tier, usdMinor: tierUsdMinor(tier), prices: tierPrices(tier) }));

  app.get('/price-tiers', { schema: s.priceTiers }, async () => ({ tiers }));

  app.get('/apps/:bundleId/products', { schema: s.appProducts }, async (req) => ({
    products: await products.listForApp(ctx.db, req.params.bundleId, req.query.country),
  }));

  app.get('/developers/me/apps/:bundleId/products', { schema: s.myProducts, preHandler: guards.developer('apps:read') }, async (req) => ({
    products: await products.listForDeveloper(ctx.db, devId(req), req.params.bundleId),
  }));

  app.post('/apps/:bundleId/products', { schema: s.createProduct, preHandler: guards.developer('apps:write') }, async (req, reply) => {
    if (req.body.tier === undefined && req.body.prices === undefined) throw new AppError('validation_failed', 'Give a tier or prices');
    return reply.code(201).send({ product: await products.create(ctx.db, devId(req), req.params.bundleId, req.body) });
  });

  app.patch(
    '/apps/:bundleId/products/:productId',
    { schema: s.updateProduct, preHandler: guards.developer('apps:write') },
    async (req) => ({
      product: await products.update(ctx.db, devId(req), req.params.bundleId, req.params.productId, req.body),
    }),
  );

  app.put(
    '/apps/:bundleId/products/:productId/prices',
    { schema: s.setProductPrices, preHandler: guards.developer('apps:write') },
    async (req) => {
      if ((req.body.tier === undefined) === (req.body.prices === undefined))
        throw new AppError('validation_failed', 'Give a tier or prices');
      return { product: await products.setPrices(ctx.db, devId(req), req.params.bundleId, req.params.productId, req.body) };
    },
  );

  app.put('/apps/:bundleId/price-tier', { schema: s.setAppTier, preHandler: guards.developer('apps:write') }, async (req) =>
    products.setAppTier(ctx.db, devId(req), req.params.bundleId, req.body.tier),
  );
}
