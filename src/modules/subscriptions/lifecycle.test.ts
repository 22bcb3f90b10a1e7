import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { describeStore, type TestStore } from '../../testing/harness.js';
import { buy, decode, settle, subscriber, subscriptionApp, tick, webhookReceiver } from './test-helpers.js';

const clock = new ManualClock('2026-01-15T00:00:00Z');
const DAY = 86_400_000;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
beforeAll(async () => {
  hook = await webhookReceiver();
});
afterAll(async () => hook.close());

async function ledgerFor(s: TestStore, userId: string) {
  const rows = await s.ctx.db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .innerJoin('purchases as p', 'p.id', 't.reference_id')
    .select(['t.kind', 'e.account', 'e.amount_minor', 'p.id'])
    .where('p.user_id', '=', userId)
    .where('e.account', '=', 'customer_payments')
    .execute();
  return rows.map((r) => Number(r.amount_minor));
}

async function mySub(s: TestStore, headers: Record<string, string>) {
  const r = await s.app.inject({ method: 'GET', url: '/api/v1/me/subscriptions', headers });
  expect(r.statusCode).toBe(200);
  return r.json().subscriptions[0];
}

async function verify(s: TestStore, receipt: string) {
  return (await s.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt } })).json().status;
}

describeStore(
  'subscription lifecycle',
  (store) => {
    it('walks trial → paid → renew ×2 → decline → grace → recover, with ledger, entitlement, receipt status and the exact notifications', async () => {
      const s = store();
      clock.set('2026-01-15T00:00:00Z');
      const { app, groupId } = await subscriptionApp(s, { webhook: hook.url });
      const u = await subscriber(s);
      const mine = () => hook.types(app.bundleId);

      const res = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'basic.monthly' });
      expect(res.statusCode, res.body).toBe(201);
      const { purchase, receipt } = res.json();
      expect(purchase).toMatchObject({
        type: 'auto_renewable',
        amountMinor: 0,
        productId: 'basic.monthly',
        expiresDate: '2026-02-15T00:00:00.000Z',
      });
      expect(decode(receipt)).toMatchObject({ type: 'auto_renewable', expiresDate: '2026-02-15T00:00:00.000Z', offerType: 'free_trial' });
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, app.id, groupId)).toBe(true);
      expect(await verify(s, receipt)).toBe('active');
      await settle(s);
      expect(mine()).toEqual(['SUBSCRIBED/INITIAL_BUY']);

      // two renewals at the regular price
      clock.set('2026-02-15T00:00:00Z');
      expect((await tick(s)).renewed).toBe(1);
      clock.set('2026-03-15T00:00:00Z');
      expect((await tick(s)).renewed).toBe(1);
      let sub = await mySub(s, u.headers);
      expect(sub).toMatchObject({
        status: 'active',
        expiresDate: '2026-04-15T00:00:00.000Z',
        priceMinor: 500,
        offer: null,
        autoRenew: true,
      });
      // nothing is due in between: a pass in mid-period charges nothing
      clock.set('2026-03-20T00:00:00Z');
      expect((await tick(s)).renewed).toBe(0);

      // the card starts failing: grace period (access kept), then the shopper fixes it
      await s.app.inject({
        method: 'PUT',
        url: `/api/v1/me/subscriptions/${sub.id}/payment-method`,
        headers: u.headers,
        payload: { paymentToken: 'tok_decline' },
      });
      clock.set('2026-04-15T00:00:00Z');
      expect((await tick(s)).declined).toBe(1);
      sub = await mySub(s, u.headers);
      expect(sub).toMatchObject({ status: 'billing_grace_period', billingIssue: true, gracePeriodEndsAt: '2026-05-01T00:00:00.000Z' });
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, app.id, groupId)).toBe(true);
      expect(await verify(s, receipt)).toBe('active');
      clock.set('2026-04-20T00:00:00Z');
      const fix = await s.app.inject({
        method: 'PUT',
        url: `/api/v1/me/subscriptions/${sub.id}/payment-method`,
        headers: u.headers,
        payload: { paymentToken: 'tok_ok' },
      });
      expect(fix.statusCode).toBe(200);
      expect((await tick(s)).renewed).toBe(1);
      sub = await mySub(s, u.headers);
      // a recovery inside the grace period keeps the renewal date
      expect(sub).toMatchObject({ status: 'active', billingIssue: false, expiresDate: '2026-05-15T00:00:00.000Z' });

      expect(mine()).toEqual([
        'SUBSCRIBED/INITIAL_BUY',
        'DID_RENEW',
        'DID_RENEW',
        'DID_FAIL_TO_RENEW/GRACE_PERIOD',
        'DID_RENEW/BILLING_RECOVERY',
      ]);
      expect(await ledgerFor(s, u.user.id)).toEqual([500, 500, 500]);
      const mineAll = hook.received.filter((n) => n.data.bundleId === app.bundleId);
      const ids = mineAll.map((n) => n.notificationUUID);
      expect(new Set(ids).size).toBe(ids.length);
      expect(mineAll[0]?.data).toMatchObject({
        bundleId: app.bundleId,
        productId: 'basic.monthly',
        originalTransactionId: purchase.originalTransactionId,
      });
    });

    it('fail → billing retry (no grace) → retries → expired; a grace period that runs out → GRACE_PERIOD_EXPIRED', async () => {
      const s = store();
      clock.set('2026-01-15T00:00:00Z');
      const { app, groupId } = await subscriptionApp(s, { webhook: hook.url, graceDays: 0 });
      const u = await subscriber(s);
      const res = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().purchase.amountMinor).toBe(1000);
      const { receipt } = res.json();
      const sub = await mySub(s, u.headers);
      await s.app.inject({
        method: 'PUT',
        url: `/api/v1/me/subscriptions/${sub.id}/payment-method`,
        headers: u.headers,
        payload: { paymentToken: 'tok_decline' },
      });
      clock.set('2026-02-15T00:00:00Z');
      expect((await tick(s)).declined).toBe(1);
      expect(await mySub(s, u.headers)).toMatchObject({ status: 'billing_retry', billingIssue: true });
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, app.id, groupId)).toBe(false);
      expect(await verify(s, receipt)).toBe('expired');
      let declines = 1;
      for (let t = Date.parse('2026-02-15T00:00:00Z'); t <= Date.parse('2026-04-16T00:00:00Z'); t += DAY) {
        clock.set(t);
        declines += (await tick(s)).declined;
      }
      expect(declines).toBeGreaterThan(5);
      expect(await mySub(s, u.headers)).toMatchObject({ status: 'expired', expirationReason: 'billing_retry', autoRenew: false });
      expect(hook.types(app.bundleId)).toEqual(['SUBSCRIBED/INITIAL_BUY', 'DID_FAIL_TO_RENEW', 'EXPIRED/BILLING_RETRY']);
      expect(await ledgerFor(s, u.user.id)).toEqual([1000]);

      // an app with a 3-day grace period: access ends when the grace period does
      const other = await subscriptionApp(s, { webhook: hook.url, graceDays: 3 });
      const v = await subscriber(s);
      clock.set('2026-05-01T00:00:00Z');
      expect((await buy(s, v.headers, { bundleId: other.app.bundleId, productId: 'pro.monthly', paymentToken: 'tok_ok' })).statusCode).toBe(
        201,
      );
      const vs = await mySub(s, v.headers);
      await s.app.inject({
        method: 'PUT',
        url: `/api/v1/me/subscriptions/${vs.id}/payment-method`,
        headers: v.headers,
        payload: { paymentToken: 'tok_decline' },
      });
      clock.set('2026-06-01T00:00:00Z');
      await tick(s);
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, v.user.id, other.app.id, other.groupId)).toBe(true);
      clock.set('2026-06-04T00:00:01Z');
      await tick(s);
      expect(await mySub(s, v.headers)).toMatchObject({ status: 'billing_retry' });
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, v.user.id, other.app.id, other.groupId)).toBe(false);
      expect(hook.types(other.app.bundleId)).toEqual(['SUBSCRIBED/INITIAL_BUY', 'DID_FAIL_TO_RENEW/GRACE_PERIOD', 'GRACE_PERIOD_EXPIRED']);
    });
  },
  { clock, env: { NOTIFICATIONS_ALLOW_LOOPBACK: 'true', SESSION_TTL_DAYS: '365' } },
);
