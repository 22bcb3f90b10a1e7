import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { describeStore } from '../../testing/harness.js';
import { buy, decode, settle, subscriber, subscriptionApp, webhookReceiver } from '../subscriptions/test-helpers.js';
import { blockedReason } from './ssrf.js';

describe('webhook address policy', () => {
  it('refuses loopback, private, link-local, metadata, unique-local and mapped addresses; loopback only in development', () => {
    const prod = { allowLoopback: false };
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
    ])
      expect(blockedReason(a, prod), a).not.toBeNull();
    for (const a of ['93.184.216.34', '2606:4700::6810:85e5']) expect(blockedReason(a, prod), a).toBeNull();
    expect(blockedReason('127.0.0.1', { allowLoopback: true })).toBeNull();
    expect(blockedReason('10.0.0.1', { allowLoopback: true })).not.toBeNull();
  });
});

describeStore('webhook settings (production policy)', (store) => {
  it('answers 422 for webhook URLs at internal addresses or over http, 400 for junk, and never stores them', async () => {
    const s = store();
    const { app, inject } = await subscriptionApp(s);
    const url = `/developers/me/apps/${app.bundleId}/notifications/settings`;
    for (const bad of [
      'https://127.0.0.1/hook',
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://localhost/hook',
      'https://[::ffff:10.0.0.1]/x',
      'http://example.com/hook',
      'https://user:pw@example.com/hook',
      'not a url at all',
      'ftp://example.com/x',
    ]) {
      const r = await inject('PUT', url, { url: bad });
      expect(r.statusCode, `${bad}: ${r.body}`).toBe(422);
      expect(r.json().code).toBe('webhook_url_rejected');
    }
    for (const junk of [{}, { url: 5 }, { url: 'https://a.b', extra: 1 }]) expect((await inject('PUT', url, junk)).statusCode).toBe(400);
    expect((await inject('GET', url)).json()).toEqual({ url: null });
    // the test button needs a URL first
    expect((await inject('POST', `/developers/me/apps/${app.bundleId}/notifications/test`)).json().code).toBe('webhook_not_configured');
  });
});

const clock = new ManualClock('2026-01-01T00:00:00Z');
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
beforeAll(async () => {
  hook = await webhookReceiver();
});
afterAll(async () => hook.close());

describeStore(
  'server notifications',
  (store) => {
    it('sends a signed TEST notification verifiable with the JWKS, and logs the delivery', async () => {
      const s = store();
      hook.setStatus(200);
      const { app, inject } = await subscriptionApp(s, { webhook: hook.url });
      const r = await inject('POST', `/developers/me/apps/${app.bundleId}/notifications/test`);
      expect(r.statusCode, r.body).toBe(200);
      const n = r.json().notification;
      expect(n).toMatchObject({ notificationType: 'TEST', status: 'delivered', attempts: 1, deliveries: [{ statusCode: 200 }] });
      const got = hook.received.find((x) => x.notificationUUID === n.notificationUUID);
      expect(got).toMatchObject({ notificationType: 'TEST', data: { bundleId: app.bundleId, environment: 'sandbox' } });
      // verify the JWS like a developer's server would
      const { compactVerify, createLocalJWKSet } = await import('jose');
      const jwks = (await s.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const v = await compactVerify(got!.jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
      expect(v.protectedHeader.typ).toBe('orchard-notification+jws');
    });

    it('retries a failing receiver with backoff (1 min, 10 min, 1 h, 6 h, 24 h), then dead-letters; replay sends it again; renewals never wait', async () => {
      const s = store();
      clock.set('2026-01-01T00:00:00Z');
      const { app, inject } = await subscriptionApp(s, { webhook: hook.url });
      hook.setStatus(500);
      const u = await subscriber(s);
      expect((await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' })).statusCode).toBe(201);
      await settle(s);
      const list = async () => (await inject('GET', `/developers/me/apps/${app.bundleId}/notifications`)).json().notifications;
      let [n] = await list();
      expect(n).toMatchObject({ notificationType: 'SUBSCRIBED', status: 'pending', attempts: 1, lastStatus: 500 });
      expect(n.nextAttemptAt).toBe('2026-01-01T00:01:00.000Z');
      for (const [at, attempts] of [
        ['2026-01-01T00:01:00Z', 2],
        ['2026-01-01T00:11:00Z', 3],
        ['2026-01-01T01:11:00Z', 4],
        ['2026-01-01T07:11:00Z', 5],
      ] as const) {
        clock.set('2026-01-01T00:00:30Z'); // not due yet: nothing is sent early
        expect(await s.ctx.services.notifications.deliverDue()).toBe(0);
        clock.set(at);
        expect(await s.ctx.services.notifications.deliverDue()).toBe(1);
        [n] = await list();
        expect(n.attempts).toBe(attempts);
      }
      clock.set('2026-01-02T07:11:00Z');
      await s.ctx.services.notifications.deliverDue();
      [n] = await list();
      expect(n).toMatchObject({ status: 'dead', attempts: 6, nextAttemptAt: null });
      expect(n.deliveries).toHaveLength(6);
      const dead = await inject('GET', `/developers/me/apps/${app.bundleId}/notifications?status=dead`);
      expect(dead.json().notifications).toHaveLength(1);

      hook.setStatus(200);
      const replay = await inject('POST', `/developers/me/apps/${app.bundleId}/notifications/${n.notificationUUID}/replay`);
      expect(replay.statusCode, replay.body).toBe(200);
      expect(replay.json().notification).toMatchObject({ status: 'delivered' });
      expect(hook.types(app.bundleId)).toEqual(['SUBSCRIBED/INITIAL_BUY']);
      const unknown = await inject('POST', `/developers/me/apps/${app.bundleId}/notifications/00000000-0000-7000-8000-000000000000/replay`);
      expect(unknown.statusCode).toBe(404);
    });

    it('a receiver that never answers times out and is retried; the renewal pass is not held up by it', async () => {
      const s = store();
      clock.set('2026-03-01T00:00:00Z');
      const { app, inject } = await subscriptionApp(s, { webhook: hook.url });
      hook.setStatus(200);
      hook.setHang(true);
      try {
        const u = await subscriber(s);
        expect((await buy(s, u.headers, { bundleId: app.bundleId, productId: 'pro.monthly' })).statusCode).toBe(201);
        await s.ctx.bus.drain();
        const sending = s.ctx.services.notifications.deliverDue();
        // while the receiver hangs, renewals go on
        clock.set('2026-04-01T00:00:00Z');
        const pass = await s.ctx.services.subscriptions.lifecycle.runPass();
        expect(pass.renewed).toBeGreaterThanOrEqual(1);
        await sending;
        const [n] = (await inject('GET', `/developers/me/apps/${app.bundleId}/notifications?limit=50`))
          .json()
          .notifications.filter((x: { notificationType: string }) => x.notificationType === 'SUBSCRIBED');
        expect(n).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
        expect(n.lastError).toMatch(/no answer|abort|timeout/i);
      } finally {
        hook.setHang(false);
      }
    });

    it('sends ONE_TIME_CHARGE for in-app products and REFUND for their refunds', async () => {
      const s = store();
      clock.set('2026-05-01T00:00:00Z');
      hook.setStatus(200);
      const { app, inject } = await subscriptionApp(s, { webhook: hook.url });
      const p = await inject('POST', `/apps/${app.bundleId}/products`, {
        productId: 'coins.100',
        type: 'consumable',
        name: 'Coins',
        prices: [{ country: 'US', priceMinor: 99 }],
      });
      expect(p.statusCode, p.body).toBe(201);
      const u = await subscriber(s);
      const bought = await buy(s, u.headers, { bundleId: app.bundleId, productId: 'coins.100' });
      expect(bought.statusCode).toBe(201);
      const refund = await s.app.inject({
        method: 'POST',
        url: `/api/v1/me/purchases/${bought.json().purchase.id}/refund`,
        headers: u.headers,
        payload: { reason: 'Did not arrive' },
      });
      expect(refund.statusCode, refund.body).toBeLessThan(300);
      await settle(s);
      expect(hook.types(app.bundleId)).toEqual(['ONE_TIME_CHARGE', 'REFUND']);
      const charge = hook.received.find((r) => r.data.bundleId === app.bundleId);
      expect(charge?.data).toMatchObject({ productId: 'coins.100', amountMinor: 99, currency: 'USD' });
      expect(decode(charge!.jws).data.appAccountToken).toMatch(/^[0-9a-f-]{36}$/);
    });
  },
  {
    clock,
    env: {
      NOTIFICATIONS_ALLOW_LOOPBACK: 'true',
      NOTIFICATION_TIMEOUT_MS: '300',
      SESSION_TTL_DAYS: '365',
      REFUND_AUTO_APPROVE_MAX_USD_MINOR: '100000',
      REFUND_AUTO_APPROVE_HOURS: '8760',
    },
  },
);
