import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { bulkInsert } from '../../db/bulk.js';
import { DAY_MS, ManualClock, utcDay } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { createLiveApp, describeStore, signUpDeveloper, type TestStore } from '../../testing/harness.js';
import { admin } from '../commerce/test-helpers.js';

const clock = new ManualClock('2026-05-20T12:00:00Z');
const today = () => utcDay(clock.now());
const dayAgo = (n: number) => utcDay(new Date(clock.now().getTime() - n * DAY_MS));

/** Generated accounts (bulk, no password hashing): `createdAt` decides their age. */
async function accounts(s: TestStore, n: number, createdAt: string, tag: string): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    email: `${tag}-${i}-${newId()}@example.test`,
    password_hash: 'x',
    display_name: `${tag} ${i}`,
    role: 'customer' as const,
    country: 'US',
    created_at: createdAt,
    updated_at: createdAt,
  }));
  await s.ctx.services.accounts.bulkLoad(s.ctx.database, rows, []);
  return rows.map((r) => r.id);
}

const downloads = (s: TestStore, rows: Array<{ app_id: string; user_id: string; day: string; country?: string }>) =>
  bulkInsert(
    s.ctx.database,
    'download_facts',
    rows.map((r) => ({ country: 'US', source: 'download', ...r })),
  );

describeStore(
  'charts',
  (store) => {
    const inject = (o: InjectOptions) => store().app.inject(o);
    const chart = (q: string) => inject({ method: 'GET', url: `/api/v1/charts?${q}` });
    const rankOf = (body: { entries: Array<{ rank: number; app: { id: string } }> }, appId: string) =>
      body.entries.find((e) => e.app.id === appId)?.rank ?? Number.POSITIVE_INFINITY;

    it('refuses unknown chart types, countries and categories with 400', async () => {
      for (const q of [
        'type=weird&country=US',
        'type=free&country=ZZ',
        'type=free&country=US&category=nope',
        'country=US',
        'type=free&country=US&limit=1000',
        'type=free&country=USA',
      ]) {
        const r = await chart(q);
        expect(r.statusCode, q).toBe(400);
        expect(r.headers['content-type']).toContain('application/problem+json');
      }
      const ok = await chart('type=free&country=us&category=games');
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ type: 'free', country: 'US', category: 'games' });
    });

    it('a farm of 5,000 fresh accounts does not lift an app above one with as many downloads from established accounts, and opens an incident', async () => {
      const s = store();
      const dev = await signUpDeveloper(s.app);
      const fraud = await createLiveApp(s.app, dev, { category: 'Games', name: 'Farmed' });
      const honest = await createLiveApp(s.app, dev, { category: 'Games', name: 'Honest' });
      const fillers: Array<{ id: string }> = [];
      for (let i = 0; i < 6; i++) fillers.push(await createLiveApp(s.app, dev, { category: 'Utilities', name: `Filler ${i}` }));

      const yearAgo = new Date(clock.now().getTime() - 365 * DAY_MS).toISOString();
      const established = await accounts(s, 5000, yearAgo, 'est');
      const farm = await accounts(s, 5000, new Date(clock.now().getTime() - 3_600_000).toISOString(), 'farm');
      // the honest app: 5,000 downloads over ten days from established accounts that also use other apps
      await downloads(
        s,
        established.flatMap((u, i) => [
          { app_id: honest.id, user_id: u, day: dayAgo(i % 10) },
          ...fillers.slice(0, 5).map((f, k) => ({ app_id: f.id, user_id: u, day: dayAgo(10 + ((i + k) % 15)) })),
        ]),
      );
      // the farmed app: 5,000 downloads today from accounts created an hour ago, all five stars
      await downloads(
        s,
        farm.map((u) => ({ app_id: fraud.id, user_id: u, day: today() })),
      );
      await bulkInsert(s.ctx.database, 'rating_facts', [
        ...farm.map((u) => ({ app_id: fraud.id, user_id: u, rating: 5, visible: 1, day: today() })),
        ...established.slice(0, 200).map((u) => ({ app_id: honest.id, user_id: u, rating: 4, visible: 1, day: dayAgo(3) })),
      ]);

      const run = await s.ctx.services.charts.compute(s.ctx.db);
      expect(run.incidentsOpened).toBe(1);
      for (const q of ['type=free&country=US', 'type=free&country=US&category=games']) {
        const body = (await chart(q)).json();
        expect(rankOf(body, honest.id)).toBeLessThan(rankOf(body, fraud.id));
      }

      // the incident is in the moderation console
      const mod = await admin(s);
      const list = await inject({ method: 'GET', url: '/api/v1/moderation/chart-incidents?status=open', headers: mod });
      expect(list.statusCode).toBe(200);
      const incident = list.json().incidents.find((i: { appId: string }) => i.appId === fraud.id);
      expect(incident).toMatchObject({ bundleId: fraud.bundleId, day: today(), observed: 5000, status: 'open' });
      expect(incident.held).toBeGreaterThan(4000);
      expect(list.json().incidents.some((i: { appId: string }) => i.appId === honest.id)).toBe(false);
      // customers cannot see it; moderators resolve it once
      const customer = await signUpDeveloper(s.app);
      expect((await inject({ method: 'GET', url: '/api/v1/moderation/chart-incidents', headers: customer.headers })).statusCode).toBe(403);
      const resolve = (id: string, payload: Record<string, unknown>) =>
        inject({ method: 'POST', url: `/api/v1/moderation/chart-incidents/${id}/resolve`, headers: mod, payload });
      expect((await resolve(incident.id, { resolution: 'maybe' })).statusCode).toBe(400);
      expect((await resolve('no-such-incident', { resolution: 'confirm' })).statusCode).toBe(404);
      const done = await resolve(incident.id, { resolution: 'confirm', note: 'farm' });
      expect(done.statusCode).toBe(200);
      expect(done.json().incident.status).toBe('confirmed');
      expect((await resolve(incident.id, { resolution: 'release' })).statusCode).toBe(409);
      // a second run neither reopens it nor lets the farm through
      clock.advance(3_600_000);
      const again = await s.ctx.services.charts.compute(s.ctx.db);
      expect(again.incidentsOpened).toBe(0);
      const body = (await chart('type=free&country=US&category=games')).json();
      expect(rankOf(body, honest.id)).toBeLessThan(rankOf(body, fraud.id));
    });

    it('shows movement between runs and keeps each app’s position history for its developer', async () => {
      const s = store();
      const dev = await signUpDeveloper(s.app);
      const apps: Array<{ id: string; bundleId: string; name: string }> = [];
      for (let i = 0; i < 4; i++) apps.push(await createLiveApp(s.app, dev, { category: 'Weather', name: `Sky ${i}` }));
      const [a, b, c, d] = apps as [(typeof apps)[0], (typeof apps)[0], (typeof apps)[0], (typeof apps)[0]];
      const users = await accounts(s, 300, new Date(clock.now().getTime() - 200 * DAY_MS).toISOString(), 'mv');
      const spread = (appId: string, from: number, n: number) =>
        users.slice(from, from + n).map((u, i) => ({ app_id: appId, user_id: u, day: dayAgo(1 + (i % 20)), country: 'DE' }));
      await downloads(s, [...spread(a.id, 0, 60), ...spread(b.id, 60, 30), ...spread(c.id, 90, 10)]);
      await s.ctx.services.charts.compute(s.ctx.db);
      const first = (await chart('type=free&country=DE&category=weather')).json();
      expect(first.entries.slice(0, 3).map((e: { app: { id: string } }) => e.app.id)).toEqual([a.id, b.id, c.id]);
      expect(first.entries.every((e: { movement: string }) => e.movement === 'new')).toBe(true);

      // c overtakes both (organically, spread over days), d appears
      await downloads(s, [...spread(c.id, 100, 150), ...spread(d.id, 250, 5)]);
      clock.advance(3_600_000);
      await s.ctx.services.charts.compute(s.ctx.db);
      const second = (await chart('type=free&country=DE&category=weather')).json();
      const byId = Object.fromEntries(second.entries.map((e: { app: { id: string } }) => [e.app.id, e]));
      expect(byId[c.id]).toMatchObject({ rank: 1, previousRank: 3, movement: 'up' });
      expect(byId[a.id]).toMatchObject({ rank: 2, previousRank: 1, movement: 'down' });
      expect(byId[b.id]).toMatchObject({ rank: 3, previousRank: 2, movement: 'down' });
      expect(byId[d.id].rank).toBe(4);

      const pos = await inject({ method: 'GET', url: `/api/v1/apps/${c.bundleId}/analytics/chart-positions`, headers: dev.headers });
      expect(pos.statusCode).toBe(200);
      expect(pos.json().current).toContainEqual({
        type: 'free',
        country: 'DE',
        category: 'weather',
        rank: 1,
        previousRank: 3,
        movement: 'up',
      });
      expect(pos.json().history).toContainEqual({
        type: 'free',
        country: 'DE',
        category: 'weather',
        day: today(),
        bestRank: 1,
        lastRank: 1,
      });
      const stranger = await signUpDeveloper(s.app);
      expect(
        (await inject({ method: 'GET', url: `/api/v1/apps/${c.bundleId}/analytics/chart-positions`, headers: stranger.headers }))
          .statusCode,
      ).toBe(404);
    });

    it('counts an account once per app however often it downloads, and runs concurrently as one', async () => {
      const s = store();
      const dev = await signUpDeveloper(s.app);
      const repeat = await createLiveApp(s.app, dev, { category: 'Medical', name: 'Repeat' });
      const many = await createLiveApp(s.app, dev, { category: 'Medical', name: 'Many' });
      const users = await accounts(s, 6, new Date(clock.now().getTime() - 300 * DAY_MS).toISOString(), 'cap');
      // one account on 20 days vs three accounts once each
      await downloads(s, [
        ...Array.from({ length: 20 }, (_, i) => ({ app_id: repeat.id, user_id: users[0] as string, day: dayAgo(i), country: 'FR' })),
        ...users.slice(1, 4).map((u) => ({ app_id: many.id, user_id: u, day: dayAgo(5), country: 'FR' })),
      ]);
      const runs = await Promise.all([s.ctx.services.charts.compute(s.ctx.db), s.ctx.services.charts.compute(s.ctx.db)]);
      expect(runs[0].runId).toBe(runs[1].runId);
      const body = (await chart('type=free&country=FR&category=medical')).json();
      expect(rankOf(body, many.id)).toBeLessThan(rankOf(body, repeat.id));
    });
  },
  { clock },
);
