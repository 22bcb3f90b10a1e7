import { expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { describeStore } from '../../../testing/harness.js';
import { admin, buy, seller, shopper } from '../test-helpers.js';

const clock = new ManualClock('2026-10-10T12:00:00Z');

describeStore(
  'payouts',
  (store) => {
    it('pays each developer once per month and currency, with JSON and CSV statements', async () => {
      clock.set('2026-10-10T12:00:00Z'); // the clock is shared by the dialects' runs
      const s = store();
      const { ctx } = s;
      const { dev, apps } = await seller(s, [{ priceMinor: 1000 }, { priceMinor: 500 }]);
      const [a, b] = [await shopper(s), await shopper(s)];
      const p1 = (await buy(s, a.headers, { bundleId: apps[0]?.bundleId })).json().purchase;
      await buy(s, b.headers, { bundleId: apps[0]?.bundleId });
      const tier = await s.app.inject({
        method: 'PUT',
        url: `/api/v1/apps/${apps[1]?.bundleId}/price-tier`,
        headers: dev.headers,
        payload: { tier: 1 },
      });
      expect(tier.json().prices.find((p: { country: string }) => p.country === 'JP')).toEqual({
        country: 'JP',
        priceMinor: 160,
        currency: 'JPY',
      });
      expect((await buy(s, a.headers, { bundleId: apps[1]?.bundleId, country: 'JP' })).json().purchase).toMatchObject({
        amountMinor: 160,
        currency: 'JPY',
      });
      await ctx.services.commerce.refunds.approve('admin', (await ctx.services.commerce.refunds.request(a.user.id, p1.id, 'no')).id);

      await expect(ctx.services.commerce.payouts.run('2026-10')).rejects.toMatchObject({ code: 'invalid_period' });
      clock.set('2026-11-02T00:00:00Z');
      const created = await ctx.services.commerce.payouts.run('2026-10');
      const byCurrency = Object.fromEntries(created.map((p) => [p.currency, p.amountMinor]));
      expect(byCurrency).toEqual({ USD: 700, JPY: 112 }); // (1000 + 1000 − 1000) and ¥160, each at 70 %
      expect(await ctx.services.commerce.payouts.run('2026-10')).toEqual([]);
      const balances = await ctx.services.commerce.ledger.developerBalances(ctx.db, dev.developer.id);
      expect([...balances.values()].every((v) => v === 0)).toBe(true);
      const events = await ctx.db.selectFrom('outbox').select('payload').where('type', '=', 'payout.created').execute();
      expect(events).toHaveLength(2);

      const login = await s.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: dev.email, password: 'correct horse battery' },
      });
      const headers = { authorization: `Bearer ${login.json().token}` };
      const list = (await s.app.inject({ method: 'GET', url: '/api/v1/developers/me/payouts', headers })).json().payouts;
      expect(list).toHaveLength(2);
      const usd = list.find((p: { currency: string }) => p.currency === 'USD');
      const st = await s.app.inject({ method: 'GET', url: `/api/v1/developers/me/payouts/${usd.id}`, headers });
      expect(st.json()).toMatchObject({
        period: '2026-10',
        currency: 'USD',
        openingBalanceMinor: 0,
        payoutMinor: 700,
        totals: { grossMinor: 1000, netMinor: 700 },
      });
      expect(st.json().lines).toHaveLength(3);
      const csv = await s.app.inject({ method: 'GET', url: `/api/v1/developers/me/payouts/${usd.id}/statement.csv`, headers });
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.body.split('\n')[0]).toBe('date,type,reference,gross_minor,commission_minor,net_minor,currency');
      expect(csv.body).toContain(',payout,,,,700,USD');

      const rev = await s.app.inject({ method: 'GET', url: '/api/v1/developers/me/revenue?from=2026-10-01&to=2026-10-31', headers });
      expect(rev.json().totals.find((t: { currency: string }) => t.currency === 'USD')).toMatchObject({
        units: 2,
        refunds: 1,
        grossMinor: 1000,
      });

      // a reduced-commission developer keeps 85 % of November's sale
      const adminHeaders = await admin(s);
      const set = await s.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/developers/${dev.developer.id}/commission`,
        headers: adminHeaders,
        payload: { program: 'reduced' },
      });
      expect(set.json()).toEqual({ program: 'reduced', commissionBps: 1500 });
      await buy(s, (await shopper(s)).headers, { bundleId: apps[0]?.bundleId });
      clock.set('2026-12-01T00:00:01Z');
      const run = await s.app.inject({
        method: 'POST',
        url: '/api/v1/admin/payouts/run',
        headers: await admin(s),
        payload: { period: '2026-11' },
      });
      expect(run.json().created.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([850]);
    });
  },
  { clock },
);
