import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { ManualClock } from '../../platform/clock.js';
import { createLiveApp, describeStore, signUp, signUpDeveloper } from '../../testing/harness.js';
import { buy, seller } from '../commerce/test-helpers.js';

const clock = new ManualClock('2026-04-10T12:00:00Z');
let seq = 0;
const evId = () => `ev-${process.pid}-${seq++}-${Math.random().toString(36).slice(2, 10)}`;

describeStore(
  'analytics',
  (store) => {
    const inject = (o: InjectOptions) => store().app.inject(o);
    const send = (headers: Record<string, string>, events: unknown[]) =>
      inject({ method: 'POST', url: '/api/v1/analytics/events', headers, payload: { events } });

    it('refuses bad batches and rejects bad events one by one, counted', async () => {
      const dev = await signUpDeveloper(store().app);
      const app = await createLiveApp(store().app, dev);
      const user = await signUp(store().app);
      const ok = { id: evId(), type: 'app_open', bundleId: app.bundleId, at: '2026-04-10T10:00:00Z' };
      expect((await inject({ method: 'POST', url: '/api/v1/analytics/events', payload: { events: [ok] } })).statusCode).toBe(401);
      const tooMany = Array.from({ length: 1001 }, () => ({ ...ok, id: evId() }));
      const big = await send(user.headers, tooMany);
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('usage_batch_too_large');
      for (const bad of [
        [],
        [{ ...ok, id: 'x' }],
        [{ ...ok, type: 'crash' }],
        [{ ...ok, durationSeconds: -5 }],
        [{ ...ok, extra: 1 }],
        'nope',
      ]) {
        const r = await inject({ method: 'POST', url: '/api/v1/analytics/events', headers: user.headers, payload: { events: bad } });
        expect(r.statusCode, JSON.stringify(bad)).toBe(400);
        expect(r.headers['content-type']).toContain('application/problem+json');
      }
      const r = await send(user.headers, [
        ok,
        { ...ok, id: evId(), at: '2026-04-11T12:00:00Z' },
        { ...ok, id: evId(), bundleId: 'com.nobody.here' },
        { ...ok, id: evId(), at: '2026-03-01T00:00:00Z' },
        { ...ok, id: evId(), at: 'yesterday-ish' },
        { ...ok, id: evId(), type: 'session', durationSeconds: 120 },
      ]);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ accepted: 2, duplicates: 0, rejected: 4 });
      expect(r.json().errors.map((e: { index: number; reason: string }) => [e.index, e.reason])).toEqual([
        [1, 'future_timestamp'],
        [2, 'unknown_app'],
        [3, 'too_old'],
        [4, 'invalid_timestamp'],
      ]);
    });

    it('deduplicates by event id across concurrent calls, then compacts into daily figures', async () => {
      const dev = await signUpDeveloper(store().app);
      const app = await createLiveApp(store().app, dev);
      const [a, b, c] = [await signUp(store().app), await signUp(store().app), await signUp(store().app)];
      const at = (day: string, h = 10) => `${day}T${String(h).padStart(2, '0')}:00:00Z`;
      const session = (day: string, seconds: number) => ({
        id: evId(),
        type: 'session',
        bundleId: app.bundleId,
        at: at(day),
        durationSeconds: seconds,
      });
      const open = (day: string) => ({ id: evId(), type: 'app_open', bundleId: app.bundleId, at: at(day) });
      // cohort of 2026-04-02: a and b; a returns the next day, b a week later; c starts on 04-03
      const aEvents = [open('2026-04-02'), session('2026-04-02', 600), session('2026-04-02', 300), session('2026-04-03', 120)];
      const bEvents = [session('2026-04-02', 60), session('2026-04-09', 240)];
      const cEvents = [open('2026-04-03')];
      await store().ctx.services.analytics.compact(store().ctx.db); // earlier tests' events
      // every batch sent 8 times at once: only the first of each id counts
      const sends = [...Array(8)].flatMap(() => [send(a.headers, aEvents), send(b.headers, bEvents), send(c.headers, cEvents)]);
      const results = await Promise.all(sends);
      for (const r of results) expect(r.statusCode).toBe(200);
      const accepted = results.reduce((s, r) => s + r.json().accepted, 0);
      const duplicates = results.reduce((s, r) => s + r.json().duplicates, 0);
      expect(accepted).toBe(aEvents.length + bEvents.length + cEvents.length);
      expect(duplicates).toBe(7 * accepted);

      const r1 = await store().ctx.services.analytics.compact(store().ctx.db);
      expect(r1.events).toBe(accepted);
      const raw = await store().ctx.db.selectFrom('usage_events_raw').select('event_id').execute();
      expect(raw).toHaveLength(0);
      // a re-sent batch after compaction is still a duplicate
      const again = await send(a.headers, aEvents);
      expect(again.json()).toMatchObject({ accepted: 0, duplicates: aEvents.length });
      expect((await store().ctx.services.analytics.compact(store().ctx.db)).events).toBe(0);

      const res = await inject({
        method: 'GET',
        url: `/api/v1/apps/${app.bundleId}/analytics/engagement?from=2026-04-01&to=2026-04-10`,
        headers: dev.headers,
      });
      expect(res.statusCode).toBe(200);
      const days = Object.fromEntries(res.json().days.map((d: { day: string }) => [d.day, d]));
      expect(days['2026-04-02']).toMatchObject({
        dau: 2,
        mau: 2,
        sessions: 3,
        avgSessionMinutes: 5.33,
        cohort: 2,
        day1Retention: 0.5,
        day7Retention: 0.5,
      });
      expect(days['2026-04-03']).toMatchObject({ dau: 2, mau: 3, sessions: 1, avgSessionMinutes: 2, cohort: 1, day1Retention: 0 });
      expect(days['2026-04-09']).toMatchObject({ dau: 1, mau: 3, cohort: 0, day7Retention: null });

      // only the app's developer reads it
      const other = await signUpDeveloper(store().app);
      const denied = await inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/analytics/engagement`, headers: other.headers });
      expect(denied.statusCode).toBe(404);
      const badRange = await inject({
        method: 'GET',
        url: `/api/v1/apps/${app.bundleId}/analytics/engagement?from=2026-04-10&to=2026-04-01`,
        headers: dev.headers,
      });
      expect(badRange.statusCode).toBe(400);
    });

    it('counts downloads once per user, app and day, and revenue per country from purchases', async () => {
      const s = store();
      const { dev, apps } = await seller(s, [{ priceMinor: 299 }]);
      const paidApp = apps[0] as { id: string; bundleId: string };
      const buyer = await signUp(s.app);
      const bought = await buy(s, buyer.headers, { bundleId: paidApp.bundleId, country: 'GB' });
      expect(bought.statusCode).toBe(201);
      const user2 = await signUp(s.app);
      const emit = (userId: string, kind: 'install' | 'update' | 'redownload', day: string) =>
        inTransaction(s.ctx.db, (trx) =>
          s.ctx.bus.emit(trx, {
            type: 'download.recorded',
            aggregateId: paidApp.id,
            payload: { userId, appId: paidApp.id, buildId: 'b1', country: 'US', kind, day },
          }),
        );
      await emit(user2.user.id, 'install', '2026-04-10');
      await emit(user2.user.id, 'redownload', '2026-04-10'); // same user and day: once
      await emit(user2.user.id, 'update', '2026-04-10'); // updates are not downloads
      await emit(buyer.user.id, 'install', '2026-04-10'); // the purchase counted this download already
      await s.ctx.bus.drain();
      const r = await s.app.inject({ method: 'GET', url: `/api/v1/apps/${paidApp.bundleId}/analytics/revenue`, headers: dev.headers });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.revenue).toEqual([
        { day: '2026-04-10', country: 'GB', currency: expect.any(String), amountMinor: expect.any(Number), purchases: 1, refunds: 0 },
      ]);
      expect(body.revenue[0].amountMinor).toBeGreaterThan(0);
      const byCountry = Object.fromEntries(body.downloads.map((d: { country: string; count: number }) => [d.country, d.count]));
      expect(byCountry).toEqual({ GB: 1, US: 1 });
    });

    it('applies a polled batch of purchases like one event at a time: revenue, downloads and one signed notification each', async () => {
      const s = store();
      const { dev, apps } = await seller(s, [{ priceMinor: 499 }]);
      const app = apps[0] as { id: string; bundleId: string };
      const buyers = await Promise.all(Array.from({ length: 5 }, () => signUp(s.app)));
      // the consumers are not running: all five purchase.completed events wait for one drain
      for (const [i, b] of buyers.entries())
        expect((await buy(s, b.headers, { bundleId: app.bundleId, country: i < 3 ? 'US' : 'DE' })).statusCode).toBe(201);
      await s.ctx.bus.drain();
      await s.ctx.bus.drain(); // nothing new: no second effect
      const r = (await s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/analytics/revenue`, headers: dev.headers })).json();
      const revenue = Object.fromEntries(r.revenue.map((x: { country: string; purchases: number; amountMinor: number }) => [x.country, x]));
      expect(revenue.US).toMatchObject({ purchases: 3, refunds: 0 });
      expect(revenue.DE).toMatchObject({ purchases: 2, refunds: 0 });
      const perPurchase = revenue.US.amountMinor / 3;
      expect(perPurchase).toBeGreaterThan(0);
      expect(Number.isInteger(perPurchase)).toBe(true);
      expect(Object.fromEntries(r.downloads.map((d: { country: string; count: number }) => [d.country, d.count]))).toEqual({
        US: 3,
        DE: 2,
      });
      const history = await s.app.inject({
        method: 'GET',
        url: `/api/v1/developers/me/apps/${app.bundleId}/notifications`,
        headers: dev.headers,
      });
      const charges = (history.json().notifications as Array<{ notificationType: string; signedPayload: string; status: string }>).filter(
        (n) => n.notificationType === 'ONE_TIME_CHARGE',
      );
      expect(charges).toHaveLength(5);
      const payloads = charges.map((n) => JSON.parse(Buffer.from(n.signedPayload.split('.')[1] as string, 'base64url').toString()));
      expect(new Set(payloads.map((p) => p.data.transactionId)).size).toBe(5);
      for (const p of payloads) expect(p.data).toMatchObject({ bundleId: app.bundleId, amountMinor: expect.any(Number) });
      expect(charges.every((n) => n.status === 'no_endpoint')).toBe(true);
    });
  },
  { clock, env: { ANALYTICS_LATE_DAYS: '14' } },
);
