import type { AppContext } from '../../../context.js';
import { guards, principalOf } from '../../../http/auth.js';
import type { Http } from '../../../http/types.js';
import { DAY_MS } from '../../../platform/clock.js';
import * as s from './payouts.schemas.js';

export async function payoutRoutes(app: Http, ctx: AppContext) {
  const { payouts, products, reconciler } = ctx.services.commerce;
  const devId = (req: Parameters<typeof principalOf>[0]) => principalOf(req).user.developerId as string;

  app.get('/developers/me/revenue', { schema: s.revenue, preHandler: guards.developer('sales:read') }, async (req) => {
    const to = req.query.to ? new Date(Date.parse(req.query.to) + DAY_MS) : ctx.clock.now();
    const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 30 * DAY_MS);
    return payouts.revenue(ctx.db, devId(req), from.toISOString(), to.toISOString());
  });

  app.get('/developers/me/payouts', { schema: s.listPayouts, preHandler: guards.developer('sales:read') }, async (req) => ({
    payouts: await payouts.list(ctx.db, devId(req)),
  }));

  app.get(
    '/developers/me/payouts/:payoutId',
    { schema: s.payoutStatement, preHandler: guards.developer('sales:read') },
    async (req) => (await payouts.statement(ctx.db, devId(req), req.params.payoutId)).statement,
  );

  app.get(
    '/developers/me/payouts/:payoutId/statement.csv',
    { schema: s.payoutCsv, preHandler: guards.developer('sales:read') },
    async (req, reply) => {
      const { statement, csv } = await payouts.statement(ctx.db, devId(req), req.params.payoutId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="payout-${statement.period}-${statement.currency}.csv"`)
        .send(csv);
    },
  );

  app.get('/developers/me/commission', { schema: s.commission, preHandler: guards.developer('sales:read') }, async (req) =>
    products.commissionProgram(ctx.db, devId(req)),
  );

  app.put('/admin/developers/:developerId/commission', { schema: s.setCommission, preHandler: guards.role('admin') }, async (req) => {
    await ctx.services.accounts.getDeveloper(ctx.db, req.params.developerId);
    return products.setCommission(ctx.db, req.params.developerId, req.body.program, req.body.commissionBps);
  });

  app.post('/admin/payouts/run', { schema: s.runPayouts, preHandler: guards.role('admin') }, async (req) => ({
    created: await payouts.run(req.body.period),
  }));

  app.post('/admin/purchases/reconcile', { schema: s.reconcile, preHandler: guards.role('admin') }, async () => reconciler.reconcile());
}
