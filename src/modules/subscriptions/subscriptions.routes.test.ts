import { expect, it } from 'vitest';
import { describeStore } from '../../testing/harness.js';
import { buy, decode, subscriber, subscriptionApp } from './test-helpers.js';

describeStore('subscription API', (store) => {
  it('lists products for shoppers and developers; the status API answers API keys with subscriptions:read only', async () => {
    const s = store();
    const { app, dev, inject } = await subscriptionApp(s);
    const pub = await s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/subscriptions?country=US` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().groups.map((g: { name: string }) => g.name)).toEqual(['Premium', 'Other']);
    expect(pub.json().groups[0].products.map((p: { productId: string }) => p.productId)).toEqual([
      'pro.monthly',
      'basic.monthly',
      'basic.yearly',
    ]);
    const mine = await inject('GET', `/developers/me/apps/${app.bundleId}/subscription-groups`);
    expect(mine.json().gracePeriodDays).toBe(16);

    const u = await subscriber(s);
    const bought = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' });
    const { purchase, receipt } = bought.json();
    const payload = decode(receipt);

    const key = async (scopes: string[]) =>
      (
        await s.app.inject({
          method: 'POST',
          url: '/api/v1/developers/me/api-keys',
          headers: dev.headers,
          payload: { name: 'server', scopes },
        })
      ).json().secret as string;
    const reader = { authorization: `Bearer ${await key(['subscriptions:read'])}` };
    const other = { authorization: `Bearer ${await key(['apps:read'])}` };
    const statusUrl = `/api/v1/developers/me/apps/${app.bundleId}/subscriptions/${purchase.originalTransactionId}`;
    const st = await s.app.inject({ method: 'GET', url: statusUrl, headers: reader });
    expect(st.statusCode, st.body).toBe(200);
    expect(st.json()).toMatchObject({
      appAccountToken: payload.appAccountToken,
      data: [{ status: 'active', productId: 'pro.monthly', autoRenew: true }],
    });
    expect((await s.app.inject({ method: 'GET', url: statusUrl, headers: other })).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: statusUrl })).statusCode).toBe(401);
    const missing = await s.app.inject({
      method: 'GET',
      url: `/api/v1/developers/me/apps/${app.bundleId}/subscriptions/nope`,
      headers: reader,
    });
    expect(missing.statusCode).toBe(404);

    const tx = await s.app.inject({
      method: 'GET',
      url: `/api/v1/developers/me/apps/${app.bundleId}/transactions?appAccountToken=${payload.appAccountToken}`,
      headers: reader,
    });
    expect(tx.json().transactions).toMatchObject([{ transactionId: purchase.transactionId, type: 'auto_renewable', amountMinor: 1000 }]);
    const refunds = await s.app.inject({
      method: 'GET',
      url: `/api/v1/developers/me/apps/${app.bundleId}/transactions?appAccountToken=${payload.appAccountToken}&refunded=true`,
      headers: reader,
    });
    expect(refunds.json().transactions).toEqual([]);

    const subs = await inject('GET', `/developers/me/apps/${app.bundleId}/subscribers`);
    expect(subs.json().subscriptions).toHaveLength(1);
    await s.ctx.services.subscriptions.lifecycle.snapshotMrr(true);
    const metrics = await inject('GET', `/developers/me/apps/${app.bundleId}/subscriptions/metrics?days=7`);
    expect(metrics.json()).toMatchObject({ active: 1, mrr: [{ currency: 'USD', amountMinor: 1000 }] });
    expect(metrics.json().daily[0]).toMatchObject({ newSubscriptions: 1, revenueMinor: 1000, mrrMinor: 1000 });
    // another developer sees none of it
    const stranger = await subscriptionApp(s);
    expect((await stranger.inject('GET', `/developers/me/apps/${app.bundleId}/subscribers`)).statusCode).toBe(404);
  });

  it('answers bad input with 4xx problem+json, never 500', async () => {
    const s = store();
    const { app, groupId, inject } = await subscriptionApp(s);
    const u = await subscriber(s);
    const base = { productId: 'x.y', groupId, name: 'X', period: 'month', level: 1, prices: [{ country: 'US', priceMinor: 100 }] };
    const cases: Array<[object, number]> = [
      [{ ...base, period: 'fortnight' }, 400],
      [{ ...base, level: 0 }, 400],
      [{ ...base, prices: [{ country: 'US', priceMinor: -5 }] }, 400],
      [{ ...base, prices: [{ country: 'XX', priceMinor: 100 }] }, 400],
      [{ ...base, prices: [] }, 400],
      [{ ...base, tier: 3 }, 400],
      [{ ...base, prices: undefined }, 400],
      [{ ...base, groupId: 'nope' }, 404],
      [{ ...base, productId: 'pro.monthly' }, 409],
      [{ ...base, introType: 'intro_price' }, 400],
      [{ ...base, productId: '../etc' }, 400],
    ];
    for (const [body, status] of cases) {
      const r = await inject('POST', `/apps/${app.bundleId}/subscriptions/products`, body);
      expect(r.statusCode, `${JSON.stringify(body)} → ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await inject('PUT', `/apps/${app.bundleId}/subscriptions/settings`, { gracePeriodDays: 17 })).statusCode).toBe(400);
    expect((await inject('POST', `/apps/${app.bundleId}/subscription-groups`, { name: 'Premium' })).statusCode).toBe(409);
    const shopper = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      s.app.inject({ method, url: `/api/v1${url}`, headers: u.headers, payload });
    expect((await shopper('GET', '/me/subscriptions/does-not-exist')).statusCode).toBe(404);
    expect((await shopper('POST', '/me/subscriptions/bad%20id/cancel')).statusCode).toBe(400);
    expect((await shopper('POST', '/me/subscriptions/x/change-plan', { productId: '' })).statusCode).toBe(400);
    expect((await shopper('POST', '/me/subscriptions/x/change-plan', { productId: 'a', extra: true })).statusCode).toBe(400);
    expect((await shopper('PUT', '/me/subscriptions/x/payment-method', { paymentToken: '' })).statusCode).toBe(400);
    await buy(s, u.headers, { bundleId: app.bundleId, productId: 'basic.yearly' });
    const [sub] = (await shopper('GET', '/me/subscriptions')).json().subscriptions;
    expect((await shopper('POST', `/me/subscriptions/${sub.id}/change-plan`, { productId: 'missing.plan' })).statusCode).toBe(404);
    expect((await shopper('POST', `/me/subscriptions/${sub.id}/price-consent`)).statusCode).toBe(409);
    // another shopper cannot touch it
    const v = await subscriber(s);
    expect((await s.app.inject({ method: 'POST', url: `/api/v1/me/subscriptions/${sub.id}/cancel`, headers: v.headers })).statusCode).toBe(
      404,
    );
    // buying a subscription that is not sold in a storefront
    const gb = await buy(s, v.headers, { bundleId: app.bundleId, productId: 'pro.monthly', country: 'GB' });
    expect(gb.json().code).toBe('not_sold_in_country');
    // a removed product is not sold to new subscribers
    await inject('PATCH', `/apps/${app.bundleId}/subscriptions/products/pro.monthly`, { status: 'removed' });
    expect((await buy(s, v.headers, { bundleId: app.bundleId, productId: 'pro.monthly' })).json().code).toBe(
      'subscription_product_not_found',
    );
  });

  it('an introductory price covers its periods once per user per group; the regular price follows', async () => {
    const s = store();
    const { app, groupId, inject } = await subscriptionApp(s);
    const r = await inject('POST', `/apps/${app.bundleId}/subscriptions/products`, {
      productId: 'pro.quarterly',
      groupId,
      name: 'Pro intro',
      period: 'month',
      level: 1,
      introType: 'intro_price',
      introPeriods: 3,
      prices: [{ country: 'US', priceMinor: 1000, introPriceMinor: 99 }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const u = await subscriber(s);
    const bought = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.quarterly' });
    const { purchase, receipt } = bought.json();
    expect(purchase.amountMinor).toBe(99);
    const months = (Date.parse(purchase.expiresDate) - Date.parse(purchase.purchasedAt)) / 86_400_000;
    expect(months).toBeGreaterThanOrEqual(89);
    expect(months).toBeLessThanOrEqual(92);
    expect(decode(receipt)).toMatchObject({ offerType: 'intro_price', expiresDate: purchase.expiresDate });
    const [sub] = (await s.app.inject({ method: 'GET', url: '/api/v1/me/subscriptions', headers: u.headers })).json().subscriptions;
    expect(sub).toMatchObject({ offer: 'intro_price', renewalPriceMinor: 1000 });
  });

  it('concurrent purchases of the same group by one shopper: one subscription, one kept charge', async () => {
    const s = store();
    const { app } = await subscriptionApp(s);
    const u = await subscriber(s);
    const results = await Promise.all(
      ['pro.monthly', 'basic.yearly', 'pro.monthly', 'basic.yearly'].map((productId) =>
        buy(s, u.headers, { bundleId: app.bundleId, productId }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) expect(r.json().code, r.body).toBe('already_owned');
    const subs = (await s.app.inject({ method: 'GET', url: '/api/v1/me/subscriptions', headers: u.headers })).json().subscriptions;
    expect(subs).toHaveLength(1);
    const audit = await s.ctx.services.commerce.audit();
    expect(audit).toMatchObject({ duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0 });
  });
});
