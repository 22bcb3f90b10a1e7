import { describe, expect, it } from 'vitest';
import { storefronts } from '../../../platform/storefronts.js';
import { describeStore } from '../../../testing/harness.js';
import { buy, chargesFor, seller, shopper } from '../test-helpers.js';
import { MAX_TIER, tierPrice, tierPrices } from './tiers.js';

describe('price tiers', () => {
  it('gives every storefront a price that never falls as the tier rises', () => {
    for (const sf of storefronts) {
      let last = -1;
      for (let t = 0; t <= MAX_TIER; t++) {
        const p = tierPrice(t, sf);
        expect(Number.isInteger(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(last);
        last = p;
      }
    }
    const t1 = Object.fromEntries(tierPrices(1).map((p) => [p.country, p.priceMinor]));
    expect(t1).toMatchObject({ US: 99, GB: 99, JP: 160, KR: 1400, DE: 99, IN: 8900 });
    expect(tierPrices(0).every((p) => p.priceMinor === 0)).toBe(true);
  });
});

describeStore('in-app products', (store) => {
  it('lets a developer add consumables and non-consumables priced by tier or per country, and shoppers buy them', async () => {
    const s = store();
    const { dev, apps } = await seller(s, [{ priceMinor: 0 }]);
    const bundleId = apps[0]?.bundleId as string;
    const create = (payload: Record<string, unknown>, headers = dev.headers) =>
      s.app.inject({ method: 'POST', url: `/api/v1/apps/${bundleId}/products`, headers, payload });
    const coins = await create({ productId: 'coins.100', type: 'consumable', name: '100 coins', tier: 2 });
    expect(coins.statusCode, coins.body).toBe(201);
    expect(coins.json().product.prices).toHaveLength(storefronts.length);
    const pro = await create({ productId: 'pro', type: 'non_consumable', name: 'Pro', prices: [{ country: 'US', priceMinor: 999 }] });
    expect(pro.json().product.prices).toEqual([{ country: 'US', priceMinor: 999, currency: 'USD' }]);
    expect((await create({ productId: 'pro', type: 'consumable', name: 'Again', tier: 1 })).json().code).toBe('product_id_taken');
    const stranger = await shopper(s);
    expect((await create({ productId: 'x', type: 'consumable', name: 'X', tier: 1 }, stranger.headers)).statusCode).toBe(403);

    const listed = await s.app.inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/products?country=GB` });
    expect(listed.json().products.map((p: { productId: string; price: unknown }) => [p.productId, p.price])).toEqual([
      ['coins.100', { country: 'GB', priceMinor: 199, currency: 'GBP' }],
      ['pro', null],
    ]);

    const u = await shopper(s);
    const c1 = await buy(s, u.headers, { bundleId, productId: 'coins.100' });
    const c2 = await buy(s, u.headers, { bundleId, productId: 'coins.100' });
    expect([c1.statusCode, c2.statusCode]).toEqual([201, 201]);
    expect(c1.json().purchase).toMatchObject({ productId: 'coins.100', type: 'consumable', amountMinor: 199 });
    expect(await chargesFor(s, c2.json().purchase.id)).toHaveLength(1);
    expect((await buy(s, u.headers, { bundleId, productId: 'pro', country: 'GB' })).json().code).toBe('not_sold_in_country');
    expect((await buy(s, u.headers, { bundleId, productId: 'pro' })).statusCode).toBe(201);
    expect((await buy(s, u.headers, { bundleId, productId: 'pro' })).json().code).toBe('already_owned');
    expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, apps[0]?.id as string, 'pro')).toBe(true);

    const repriced = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/products/coins.100/prices`,
      headers: dev.headers,
      payload: { tier: 5 },
    });
    expect(repriced.json().product.prices.find((p: { country: string }) => p.country === 'US').priceMinor).toBe(499);
    const removed = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/apps/${bundleId}/products/coins.100`,
      headers: dev.headers,
      payload: { status: 'removed' },
    });
    expect(removed.json().product.status).toBe('removed');
    expect((await buy(s, u.headers, { bundleId, productId: 'coins.100' })).json().code).toBe('product_not_found');
    const mine = await s.app.inject({ method: 'GET', url: `/api/v1/developers/me/apps/${bundleId}/products`, headers: dev.headers });
    expect(mine.json().products).toHaveLength(2);
    const tiers = await s.app.inject({ method: 'GET', url: '/api/v1/price-tiers' });
    expect(tiers.json().tiers).toHaveLength(MAX_TIER + 1);
  });
});
