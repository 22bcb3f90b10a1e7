import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContext } from '../../context.js';
import { ManualClock } from '../../platform/clock.js';
import { describeStore, type TestStore } from '../../testing/harness.js';
import { buy, capturedCharges, newKey, settle, subscriber, subscriptionApp, tick, webhookReceiver } from './test-helpers.js';

const clock = new ManualClock('2026-01-01T00:00:00Z');
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
beforeAll(async () => {
  hook = await webhookReceiver();
});
afterAll(async () => hook.close());

const paid = async (s: TestStore, userId: string) =>
  (
    await s.ctx.db
      .selectFrom('purchases')
      .select(['amount_minor', 'product_key', 'status'])
      .where('user_id', '=', userId)
      .where('status', 'in', ['completed', 'refunded'])
      .orderBy('created_at')
      .execute()
  ).map((p) => `${p.product_key}:${Number(p.amount_minor)}`);

async function sub(s: TestStore, headers: Record<string, string>) {
  const r = await s.app.inject({ method: 'GET', url: '/api/v1/me/subscriptions', headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().subscriptions[0];
}
const post = (s: TestStore, headers: Record<string, string>, url: string, payload?: object) =>
  s.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });

describeStore(
  'subscription changes',
  (store) => {
    it('upgrade now with prorated credit, downgrade at the next renewal, another group → 422, cancel → expired, resubscribe without a second trial', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app, groupId } = await subscriptionApp(s, { webhook: hook.url });
      const u = await subscriber(s);
      const first = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'basic.monthly' });
      expect(first.json().purchase.amountMinor).toBe(0); // free trial
      clock.set('2026-02-01T00:00:00Z');
      await tick(s); // first paid month: 500, Feb 1 → Mar 1 (28 days)
      let me = await sub(s, u.headers);

      // upgrade half-way: credit 250 of the 500 paid, so 750 is charged and a new month starts now
      clock.set('2026-02-15T00:00:00Z');
      const otherGroup = await post(s, u.headers, `/me/subscriptions/${me.id}/change-plan`, { productId: 'other.monthly' });
      expect(otherGroup.statusCode).toBe(422);
      expect(otherGroup.json().code).toBe('subscription_group_mismatch');
      const up = await post(s, u.headers, `/me/subscriptions/${me.id}/change-plan`, { productId: 'pro.monthly' });
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json()).toMatchObject({
        effective: 'now',
        chargedMinor: 750,
        subscription: {
          productId: 'pro.monthly',
          periodStart: '2026-02-15T00:00:00.000Z',
          expiresDate: '2026-03-15T00:00:00.000Z',
          renewalPriceMinor: 1000,
        },
      });

      // downgrade: nothing changes until the renewal, which bills the yearly plan
      const down = await post(s, u.headers, `/me/subscriptions/${me.id}/change-plan`, { productId: 'basic.yearly' });
      expect(down.json()).toMatchObject({
        effective: 'next_renewal',
        chargedMinor: 0,
        subscription: { productId: 'pro.monthly', renewalProductId: 'basic.yearly' },
      });
      clock.set('2026-03-15T00:00:00Z');
      await tick(s);
      me = await sub(s, u.headers);
      expect(me).toMatchObject({ productId: 'basic.yearly', expiresDate: '2027-03-15T00:00:00.000Z', priceMinor: 5000 });
      expect(await paid(s, u.user.id)).toEqual(['basic.monthly:0', 'basic.monthly:500', 'pro.monthly:750', 'basic.yearly:5000']);

      // cancel: access until the end of the period, then expired (voluntary)
      const cancel = await post(s, u.headers, `/me/subscriptions/${me.id}/cancel`);
      expect(cancel.json().subscription).toMatchObject({ autoRenew: false, renewalDate: null, status: 'active' });
      clock.set('2027-03-14T23:59:59Z');
      await tick(s);
      // sessions last a year at most: sign in again
      const login = await s.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: u.email, password: 'correct horse battery' },
      });
      u.headers.authorization = `Bearer ${login.json().token}`;
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, app.id, groupId)).toBe(true);
      clock.set('2027-03-15T00:00:00Z');
      await tick(s);
      expect(await sub(s, u.headers)).toMatchObject({ status: 'expired', expirationReason: 'voluntary' });
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, app.id, groupId)).toBe(false);
      expect((await post(s, u.headers, `/me/subscriptions/${me.id}/resume`)).statusCode).toBe(409);

      // resubscribe through the purchase endpoint: same original transaction, no second trial
      const again = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'basic.monthly' });
      expect(again.statusCode, again.body).toBe(201);
      expect(again.json().purchase).toMatchObject({ amountMinor: 500, originalTransactionId: first.json().purchase.originalTransactionId });
      expect((await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' })).json().code).toBe('already_owned');
      await settle(s);
      expect(hook.types(app.bundleId)).toEqual([
        'SUBSCRIBED/INITIAL_BUY',
        'DID_RENEW',
        'DID_CHANGE_RENEWAL_PREF/UPGRADE',
        'DID_CHANGE_RENEWAL_PREF/DOWNGRADE',
        'DID_RENEW',
        'DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_DISABLED',
        'EXPIRED/VOLUNTARY',
        'SUBSCRIBED/RESUBSCRIBE',
      ]);
    });

    it('a declined upgrade answers 402 and changes nothing; a retry with a good card upgrades once', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app } = await subscriptionApp(s);
      const u = await subscriber(s);
      expect((await buy(s, u.headers, { bundleId: app.bundleId, productId: 'basic.yearly' })).statusCode).toBe(201);
      const me = await sub(s, u.headers);
      await s.app.inject({
        method: 'PUT',
        url: `/api/v1/me/subscriptions/${me.id}/payment-method`,
        headers: u.headers,
        payload: { paymentToken: 'tok_decline' },
      });
      clock.set('2026-12-01T00:00:00Z');
      const declined = await post(s, u.headers, `/me/subscriptions/${me.id}/change-plan`, { productId: 'pro.monthly' });
      expect(declined.statusCode).toBe(402);
      expect(declined.json().code).toBe('payment_declined');
      expect(await sub(s, u.headers)).toMatchObject({ productId: 'basic.yearly', expiresDate: '2027-01-01T00:00:00.000Z' });
      await s.app.inject({
        method: 'PUT',
        url: `/api/v1/me/subscriptions/${me.id}/payment-method`,
        headers: u.headers,
        payload: { paymentToken: 'tok_ok' },
      });
      const up = await post(s, u.headers, `/me/subscriptions/${me.id}/change-plan`, { productId: 'pro.monthly' });
      expect(up.statusCode, up.body).toBe(200);
      // 31 of 365 days left of 5000 → credit 424, so 1000 − 424 = 576
      expect(up.json()).toMatchObject({
        effective: 'now',
        chargedMinor: 576,
        subscription: { productId: 'pro.monthly', expiresDate: '2027-01-01T00:00:00.000Z' },
      });
      expect(await paid(s, u.user.id)).toEqual(['basic.yearly:5000', 'pro.monthly:576']);
    });

    it('price increases wait for consent (no consent → expired), decreases apply at renewal', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app, inject } = await subscriptionApp(s, { webhook: hook.url });
      const [a, b] = [await subscriber(s), await subscriber(s)];
      for (const u of [a, b]) expect((await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' })).statusCode).toBe(201);
      const raise = await inject('PUT', `/apps/${app.bundleId}/subscriptions/products/pro.monthly/prices`, {
        prices: [{ country: 'US', priceMinor: 1200 }],
      });
      expect(raise.json()).toMatchObject({ subscribersNotified: 2 });
      const bs = await sub(s, b.headers);
      expect(bs).toMatchObject({ priceIncrease: 'pending', renewalPriceMinor: 1200 });
      expect((await post(s, b.headers, `/me/subscriptions/${bs.id}/price-consent`)).json().subscription.priceIncrease).toBe('accepted');
      expect((await post(s, b.headers, `/me/subscriptions/${bs.id}/price-consent`)).json().code).toBe('no_price_increase');
      clock.set('2026-02-01T00:00:00Z');
      await tick(s);
      expect(await sub(s, a.headers)).toMatchObject({ status: 'expired', expirationReason: 'price_increase' });
      expect(await sub(s, b.headers)).toMatchObject({ status: 'active', priceMinor: 1200, priceIncrease: null });
      // a decrease needs no consent
      const lower = await inject('PUT', `/apps/${app.bundleId}/subscriptions/products/pro.monthly/prices`, {
        prices: [{ country: 'US', priceMinor: 900 }],
      });
      expect(lower.json().subscribersNotified).toBe(1);
      clock.set('2026-03-01T00:00:00Z');
      await tick(s);
      expect(await sub(s, b.headers)).toMatchObject({ status: 'active', priceMinor: 900 });
      expect(await paid(s, b.user.id)).toEqual(['pro.monthly:1000', 'pro.monthly:1200', 'pro.monthly:900']);
      expect(hook.types(app.bundleId)).toEqual([
        'SUBSCRIBED/INITIAL_BUY',
        'SUBSCRIBED/INITIAL_BUY',
        'PRICE_INCREASE/PENDING',
        'PRICE_INCREASE/PENDING',
        'PRICE_INCREASE/ACCEPTED',
        'DID_RENEW', // a pass charges what is due, then ends what is over
        'EXPIRED/PRICE_INCREASE',
        'DID_RENEW',
      ]);
    });

    it('a refund revokes the subscription: REFUND + REVOKE, entitlement gone, receipt refunded, ledger reversed', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app, groupId } = await subscriptionApp(s, { webhook: hook.url });
      const u = await subscriber(s);
      const res = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' });
      const { purchase, receipt } = res.json();
      const refund = await post(s, u.headers, `/me/purchases/${purchase.id}/refund`, { reason: 'Bought by mistake' });
      expect(refund.statusCode, refund.body).toBeLessThan(300);
      await settle(s);
      await settle(s);
      expect(await sub(s, u.headers)).toMatchObject({ status: 'revoked', autoRenew: false, expirationReason: 'refund' });
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, app.id, groupId)).toBe(false);
      const v = await s.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt } });
      expect(v.json().status).toBe('refunded');
      expect(hook.types(app.bundleId)).toEqual(['SUBSCRIBED/INITIAL_BUY', 'REFUND', 'REVOKE']);
      clock.set('2026-02-01T00:00:00Z');
      expect((await tick(s)).renewed).toBe(0); // never renewed again
      const audit = await s.ctx.services.commerce.audit();
      expect(audit).toMatchObject({ duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0 });
    });

    it('two schedulers racing the same renewal pass charge exactly once per (subscription, period)', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app } = await subscriptionApp(s);
      const users = await Promise.all(Array.from({ length: 12 }, () => subscriber(s)));
      const bought = await Promise.all(users.map((u) => buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' }, newKey())));
      expect(bought.map((r) => r.statusCode)).toEqual(users.map(() => 201));
      // On PostgreSQL a second scheduler gets its own context (its own pool) on the same database and
      // provider. (Two SQLite connections cannot share one thread: better-sqlite3 busy-waits
      // synchronously, so there the passes race on the one connection instead.)
      const other = s.dialect === 'postgres' ? await createContext(s.config, { clock, migrate: false }) : s.ctx;
      try {
        for (const month of ['2026-02-01', '2026-03-01']) {
          clock.set(`${month}T00:00:00Z`);
          const passes = await Promise.all([
            s.ctx.services.subscriptions.lifecycle.runPass(),
            other.services.subscriptions.lifecycle.runPass(),
            s.ctx.services.subscriptions.lifecycle.runPass(),
          ]);
          expect(passes.reduce((n, p) => n + p.renewed, 0)).toBe(12);
        }
      } finally {
        if (other !== s.ctx) await other.close();
      }
      const ours = new Set((await s.ctx.db.selectFrom('purchases').select('id').where('app_id', '=', app.id).execute()).map((p) => p.id));
      const keys = (await capturedCharges(s))
        .filter((c) => c.idempotencyKey.startsWith('sub_') && ours.has(c.reference))
        .map((c) => c.idempotencyKey);
      expect(keys).toHaveLength(24);
      expect(new Set(keys).size).toBe(24);
      const periods = await s.ctx.db
        .selectFrom('subscription_charges as c')
        .innerJoin('subscriptions as s', 's.id', 'c.subscription_id')
        .select(['c.subscription_id', 'c.period_index', 'c.status'])
        .where('s.app_id', '=', app.id)
        .execute();
      const completed = periods.filter((p) => p.status === 'completed').map((p) => `${p.subscription_id}:${p.period_index}`);
      expect(new Set(completed).size).toBe(completed.length);
      expect(completed).toHaveLength(24);
      const audit = await s.ctx.services.commerce.audit();
      expect(audit).toMatchObject({ duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0, inFlight: 0 });
    });

    it('a cancel while a renewal is being charged is kept: the renewal lands, auto-renew stays off', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app } = await subscriptionApp(s);
      const u = await subscriber(s);
      await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' });
      clock.set('2026-02-01T00:00:00Z');
      const { lifecycle } = s.ctx.services.subscriptions;
      const claimed = (await lifecycle.claimDue(50)).find((c) => c.sub.user_id === u.user.id);
      expect(claimed).toBeDefined();
      const me = await sub(s, u.headers);
      expect((await post(s, u.headers, `/me/subscriptions/${me.id}/cancel`)).statusCode).toBe(200);
      clock.set('2026-02-01T00:02:00Z'); // the claimer vanished; recovery charges and records it
      expect((await lifecycle.runPass()).recovered).toBe(1);
      expect(await sub(s, u.headers)).toMatchObject({ status: 'active', autoRenew: false, expiresDate: '2026-03-01T00:00:00.000Z' });
      clock.set('2026-03-01T00:00:00Z');
      await lifecycle.runPass();
      expect(await sub(s, u.headers)).toMatchObject({ status: 'expired', expirationReason: 'voluntary' });
      expect(await paid(s, u.user.id)).toEqual(['pro.monthly:1000', 'pro.monthly:1000']);
    });

    it('a crash between the charge and its record is recovered exactly once (same provider key)', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app } = await subscriptionApp(s);
      const u = await subscriber(s);
      await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' });
      clock.set('2026-02-01T00:00:00Z');
      const { lifecycle } = s.ctx.services.subscriptions;
      const claims = await lifecycle.claimDue(10);
      const mine = claims.find((c) => c.sub.user_id === u.user.id);
      expect(mine).toBeDefined();
      // the scheduler charges, then dies before recording anything
      const outcome = await s.ctx.services.commerce.recurring.charge(mine!.purchase, mine!.sub.payment_token);
      expect(outcome.status).toBe('succeeded');
      // while the lease holds, nobody else charges this period
      expect((await lifecycle.runPass()).renewed).toBe(0);
      clock.set('2026-02-01T00:05:00Z');
      const r = await lifecycle.runPass();
      expect(r.recovered).toBe(1);
      expect((await lifecycle.runPass()).recovered).toBe(0);
      const charges = (await capturedCharges(s)).filter((c) => c.reference === mine!.purchase.id);
      expect(charges).toHaveLength(1);
      expect(await sub(s, u.headers)).toMatchObject({ status: 'active', expiresDate: '2026-03-01T00:00:00.000Z' });
      expect(await paid(s, u.user.id)).toEqual(['pro.monthly:1000', 'pro.monthly:1000']);
      const audit = await s.ctx.services.commerce.audit();
      expect(audit).toMatchObject({ duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0, inFlight: 0 });
    });

    it('a subscription finished by reconciliation keeps the payment token for its renewals', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app } = await subscriptionApp(s);
      const u = await subscriber(s);
      // the provider charges but does not answer: the purchase stays pending, the shopper sees 503
      const first = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly', paymentToken: 'tok_timeout' });
      expect(first.json().code).toBe('payment_outcome_unknown');
      const pending = await s.ctx.db.selectFrom('purchases').selectAll().where('user_id', '=', u.user.id).executeTakeFirstOrThrow();
      expect(pending).toMatchObject({ status: 'pending', payment_token: 'tok_timeout' });
      // no request carries the token now: reconciliation completes the purchase on its own
      clock.set('2026-01-01T00:01:00Z');
      expect((await s.ctx.services.commerce.reconciler.reconcile(0)).completed).toBe(1);
      await settle(s);
      const subRow = await s.ctx.db.selectFrom('subscriptions').selectAll().where('user_id', '=', u.user.id).executeTakeFirstOrThrow();
      expect(subRow.payment_token).toBe('tok_timeout');
      const done = await s.ctx.db.selectFrom('purchases').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
      expect(done).toMatchObject({ status: 'completed', payment_token: null }); // not kept beyond need
      expect(await sub(s, u.headers)).toMatchObject({ status: 'active', productId: 'pro.monthly' });
    });
  },
  {
    clock,
    env: {
      NOTIFICATIONS_ALLOW_LOOPBACK: 'true',
      SESSION_TTL_DAYS: '365',
      REFUND_AUTO_APPROVE_MAX_USD_MINOR: '100000',
      REFUND_AUTO_APPROVE_HOURS: '8760',
    },
  },
);
