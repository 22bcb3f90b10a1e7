import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeStore } from '../../../testing/harness.js';
import { buy, chargesFor, seller, shopper } from '../test-helpers.js';
import { splitCommission } from './ledger.service.js';

describe('splitCommission', () => {
  it('always adds up to the amount, within [0, amount], rounding half up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        const { commission, share } = splitCommission(amount, bps);
        return commission + share === amount && commission >= 0 && share >= 0 && Math.abs(commission - (amount * bps) / 10_000) <= 0.5;
      }),
    );
    expect(splitCommission(499, 3000)).toEqual({ commission: 150, share: 349 });
    expect(splitCommission(499, 1500)).toEqual({ commission: 75, share: 424 });
  });
});

describeStore('ledger', (store) => {
  it('stays balanced through randomized purchases and refunds (fast-check), and the audit agrees', async () => {
    const s = store();
    const { ctx } = s;
    const { dev, apps } = await seller(s, [{ priceMinor: 99 }, { priceMinor: 1999 }, { priceMinor: 12345 }, { priceMinor: 1 }]);
    await ctx.services.commerce.products.setCommission(ctx.db, dev.developer.id, 'reduced');
    const users = await Promise.all(Array.from({ length: 4 }, () => shopper(s)));
    const countries = ['US', 'JP', 'DE', 'GB'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('buy', 'buy', 'refund'),
            user: fc.nat(users.length - 1),
            app: fc.nat(apps.length - 1),
            country: fc.constantFrom(...countries),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (ops) => {
          for (const op of ops) {
            const u = users[op.user] as (typeof users)[number];
            if (op.op === 'buy') {
              const r = await buy(s, u.headers, { bundleId: apps[op.app]?.bundleId, country: op.country });
              expect([201, 409]).toContain(r.statusCode);
            } else {
              const hist = (await s.app.inject({ method: 'GET', url: '/api/v1/me/purchases', headers: u.headers })).json();
              const open = hist.purchases.find((p: { status: string; refund: unknown }) => p.status === 'completed' && !p.refund);
              if (!open) continue;
              const r = await ctx.services.commerce.refunds.request(u.user.id, open.id, 'randomized');
              if (r.status === 'requested') await ctx.services.commerce.refunds.approve('admin', r.id);
            }
          }
          expect(await ctx.services.commerce.ledger.unbalancedTransactions(ctx.db)).toBe(0);
          const sums = await ctx.db
            .selectFrom('ledger_entries')
            .select(['currency', (eb) => eb.fn.sum<number>('amount_minor').as('total')])
            .groupBy('currency')
            .execute();
          expect(sums.every((x) => Number(x.total) === 0)).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
    const audit = await ctx.services.commerce.audit();
    expect(audit).toMatchObject({ duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0, unpostedPurchases: 0 });
    expect(audit.charges).toBe((await chargesFor(s)).length);
    expect(audit.charges).toBe(audit.purchases);
    // the developer's balance is exactly the sum of the shares of purchases not refunded
    const live = await ctx.db
      .selectFrom('purchases')
      .selectAll()
      .where('developer_id', '=', dev.developer.id)
      .where('status', '=', 'completed')
      .execute();
    const expected = new Map<string, number>();
    for (const p of live) expected.set(p.currency, (expected.get(p.currency) ?? 0) + splitCommission(Number(p.amount_minor), 1500).share);
    const balances = await ctx.services.commerce.ledger.developerBalances(ctx.db, dev.developer.id);
    for (const [currency, amount] of expected) expect(balances.get(currency)).toBe(amount);
  }, 120_000);
});
