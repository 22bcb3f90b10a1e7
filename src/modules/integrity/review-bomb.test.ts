import { expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { describeStore } from '../../testing/harness.js';
import { appWithDeveloper, bulkUsers, fastHashEnv, genuineText, grant, moderator } from '../reviews/reviews.fixtures.js';

const HOUR = 3_600_000;
const clock = new ManualClock('2026-01-01T00:00:00Z');

describeStore(
  'review-bombing defence',
  (store) => {
    it('keeps the public rating within 0.1 stars while hundreds of new accounts post 1-star reviews in an hour', async () => {
      const s = store();
      const { reviews } = s.ctx.services;
      const { app } = await appWithDeveloper(s);
      const rating = async () => (await s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/ratings` })).json();

      // Sixty days of steady history: two reviews a day from established, paying customers.
      const regulars = await bulkUsers(s, 120, '2025-06-01T00:00:00Z');
      for (const [i, u] of regulars.entries()) {
        await grant(s, u.id, app.id, 'purchase');
        clock.advance(12 * HOUR);
        await reviews.submit(s.ctx.db, u, app.bundleId, { rating: [5, 4, 5, 3, 4][i % 5] as number, body: genuineText(i) });
        await s.ctx.bus.drain();
      }
      const before = await rating();
      expect(before.count).toBeGreaterThan(100);

      // The attack: 200 accounts made today, each posting 1 star within the hour.
      clock.advance(HOUR);
      const attackers = await bulkUsers(s, 200, clock.now().toISOString());
      for (const [i, u] of attackers.entries()) {
        await grant(s, u.id, app.id, 'free');
        clock.advance(15_000);
        await reviews.submit(s.ctx.db, u, app.bundleId, { rating: 1, body: `Terrible app, do not download! Scam ${i % 7}` });
        await s.ctx.bus.drain();
      }
      const during = await rating();
      expect(Math.abs(during.average - before.average)).toBeLessThanOrEqual(0.1);
      const detail = (await s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}` })).json();
      expect(Math.abs(detail.ratingAverage - before.average)).toBeLessThanOrEqual(0.1);

      const mod = await moderator(s);
      const open = (await s.app.inject({ method: 'GET', url: '/api/v1/moderation/incidents?status=open', headers: mod.headers })).json()
        .incidents;
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ bundleId: app.bundleId, direction: 'negative', status: 'open' });
      expect(open[0].held).toBeGreaterThanOrEqual(190);

      const resolved = await s.app.inject({
        method: 'POST',
        url: `/api/v1/moderation/incidents/${open[0].id}/resolve`,
        headers: mod.headers,
        payload: { resolution: 'reject', note: 'Coordinated attack from fresh accounts' },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect(resolved.json().incident).toMatchObject({ status: 'resolved', resolution: 'reject', held: 0 });
      await s.ctx.bus.drain();
      const after = await rating();
      expect(Math.abs(after.average - before.average)).toBeLessThanOrEqual(0.1);
      const again = await s.app.inject({
        method: 'POST',
        url: `/api/v1/moderation/incidents/${open[0].id}/resolve`,
        headers: mod.headers,
        payload: { resolution: 'release', note: 'twice' },
      });
      expect(again.json().code).toBe('incident_resolved');
      const audit = (
        await s.app.inject({ method: 'GET', url: `/api/v1/moderation/audit?targetId=${open[0].id}`, headers: mod.headers })
      ).json();
      expect(audit.entries[0]).toMatchObject({ action: 'incident.reject', reason: 'Coordinated attack from fresh accounts' });
    }, 300_000);

    it('releases held reviews back into the rating when a moderator finds the surge genuine', async () => {
      const s = store();
      const { reviews } = s.ctx.services;
      const { app } = await appWithDeveloper(s);
      clock.advance(40 * 24 * HOUR);
      const fans = await bulkUsers(s, 20, '2025-01-01T00:00:00Z');
      for (const [i, u] of fans.entries()) {
        await grant(s, u.id, app.id, 'purchase');
        clock.advance(60_000);
        await reviews.submit(s.ctx.db, u, app.bundleId, { rating: 5, body: genuineText(i) });
        await s.ctx.bus.drain();
      }
      const mod = await moderator(s);
      const list = await s.app.inject({
        method: 'GET',
        url: `/api/v1/moderation/incidents?bundleId=${app.bundleId}`,
        headers: mod.headers,
      });
      const [incident] = list.json().incidents;
      expect(incident).toMatchObject({ direction: 'positive', status: 'open' });
      const r = await s.app.inject({
        method: 'POST',
        url: `/api/v1/moderation/incidents/${incident.id}/resolve`,
        headers: mod.headers,
        payload: { resolution: 'release', note: 'Launch-day fans' },
      });
      expect(r.statusCode).toBe(200);
      await s.ctx.bus.drain();
      expect((await s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/ratings` })).json().count).toBe(20);
    });
  },
  { env: fastHashEnv, clock },
);
