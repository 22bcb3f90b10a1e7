import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { bulkInsert } from '../../db/bulk.js';
import { inTransaction } from '../../db/transaction.js';
import { DAY_MS, ManualClock, utcDay } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { createLiveApp, describeStore, signUp, signUpDeveloper } from '../../testing/harness.js';

const clock = new ManualClock('2026-06-01T12:00:00Z');
const dayAgo = (n: number) => utcDay(new Date(clock.now().getTime() - n * DAY_MS));

describeStore(
  'recommendations',
  (store) => {
    const inject = (o: InjectOptions) => store().app.inject(o);

    it('recommends neighbours of what the user downloaded, never owned apps or an app twice, and covers new apps', async () => {
      const s = store();
      const devs = [await signUpDeveloper(s.app), await signUpDeveloper(s.app), await signUpDeveloper(s.app)];
      const astro: Array<{ id: string; bundleId: string; name: string }> = [];
      for (let i = 0; i < 6; i++)
        astro.push(
          await createLiveApp(s.app, devs[i % 3] as (typeof devs)[0], {
            category: 'Education',
            name: `Star Atlas ${i}`,
            description: 'Explore the night sky: planets, constellations and galaxies through your telescope.',
            keywords: ['astronomy', 'telescope', 'stars'],
          }),
        );
      const cooking: Array<{ id: string; bundleId: string; name: string }> = [];
      for (let i = 0; i < 4; i++)
        cooking.push(
          await createLiveApp(s.app, devs[i % 3] as (typeof devs)[0], {
            category: 'Food & Drink',
            name: `Kitchen Pal ${i}`,
            description: 'Recipes, meal plans and shopping lists for home cooks.',
            keywords: ['recipes', 'cooking', 'meals'],
          }),
        );
      for (let i = 0; i < 12; i++)
        await createLiveApp(s.app, devs[i % 3] as (typeof devs)[0], {
          category: 'Education',
          name: `Times Tables ${i}`,
          description: 'Arithmetic drills for school: multiplication and fractions.',
          keywords: ['math', 'school'],
        });
      // nobody downloaded this one yet: content alone must give it neighbours
      const fresh = await createLiveApp(s.app, devs[0] as (typeof devs)[0], {
        category: 'Education',
        name: 'Nebula Guide',
        description: 'A telescope companion for stars, planets and galaxies in the night sky.',
        keywords: ['astronomy', 'stars'],
      });
      const [a0, a1, a2, a3] = astro as [(typeof astro)[0], (typeof astro)[0], (typeof astro)[0], (typeof astro)[0]];
      // co-downloads: astronomy fans get a0..a3 together, cooks get the cooking apps
      const fans = Array.from({ length: 40 }, () => newId());
      const cooks = Array.from({ length: 40 }, () => newId());
      await bulkInsert(s.ctx.database, 'download_facts', [
        ...fans.flatMap((u, i) =>
          [a0, a1, a2, a3].map((a, k) => ({ app_id: a.id, user_id: u, day: dayAgo(1 + ((i + k) % 9)), country: 'US', source: 'download' })),
        ),
        ...cooks.flatMap((u, i) =>
          cooking.map((a, k) => ({ app_id: a.id, user_id: u, day: dayAgo(1 + ((i + k) % 9)), country: 'US', source: 'download' })),
        ),
      ]);
      const user = await signUp(s.app);
      await bulkInsert(s.ctx.database, 'download_facts', [
        { app_id: a0.id, user_id: user.user.id, day: dayAgo(0), country: 'US', source: 'download' },
      ]);
      // the user owns a1 already (bought on another device, say)
      await inTransaction(s.ctx.db, (trx) =>
        s.ctx.services.entitlements.grant(trx, { userId: user.user.id, appId: a1.id, source: 'free' }),
      );

      const trained = await s.ctx.services.recommendations.train(s.ctx.db);
      expect(trained).toMatchObject({ apps: 23, users: 81 });
      await s.ctx.services.charts.compute(s.ctx.db);

      const r = await inject({ method: 'GET', url: '/api/v1/me/recommendations', headers: user.headers });
      expect(r.statusCode).toBe(200);
      const sections = r.json() as Array<{ type: string; reason: string; apps: Array<{ id: string; developerId: string }> }>;
      const because = sections.find((x) => x.type === 'because_you_downloaded');
      expect(because?.reason).toBe(`Because you downloaded ${a0.name}`);
      const becauseIds = because?.apps.map((a) => a.id) ?? [];
      expect(becauseIds).toContain(a2.id);
      expect(becauseIds).toContain(a3.id);
      expect(sections.find((x) => x.type === 'popular_in_category')?.reason).toBe('Popular in Education');
      const all = sections.flatMap((x) => x.apps.map((a) => a.id));
      expect(new Set(all).size).toBe(all.length);
      expect(all).not.toContain(a0.id);
      expect(all).not.toContain(a1.id);
      expect(all.some((id) => cooking.some((c) => c.id === id))).toBe(false);
      for (const sec of sections) {
        const perDev = new Map<string, number>();
        for (const a of sec.apps) perDev.set(a.developerId, (perDev.get(a.developerId) ?? 0) + 1);
        expect(Math.max(...perDev.values())).toBeLessThanOrEqual(2);
      }

      // the new app has neighbours (and is one) through its content
      const sim = await inject({ method: 'GET', url: `/api/v1/apps/${fresh.bundleId}/similar` });
      expect(sim.statusCode).toBe(200);
      const simIds = sim.json().apps.map((a: { id: string }) => a.id);
      expect(simIds.some((id: string) => astro.some((a) => a.id === id))).toBe(true);
      expect(simIds).not.toContain(fresh.id);
      expect(simIds.some((id: string) => cooking.some((c) => c.id === id))).toBe(false);
      const ofA0 = (await inject({ method: 'GET', url: `/api/v1/apps/${a0.bundleId}/similar?limit=20` }))
        .json()
        .apps.map((a: { id: string }) => a.id);
      expect(ofA0).toContain(fresh.id);
    });

    it('gives a newcomer the popular apps, and refuses bad input', async () => {
      const s = store();
      const newcomer = await signUp(s.app);
      const r = await inject({ method: 'GET', url: '/api/v1/me/recommendations', headers: newcomer.headers });
      expect(r.statusCode).toBe(200);
      const sections = r.json();
      expect(sections.length).toBeLessThanOrEqual(1);
      if (sections.length) expect(sections[0]).toMatchObject({ type: 'popular', reason: 'Popular right now' });
      expect((await inject({ method: 'GET', url: '/api/v1/me/recommendations' })).statusCode).toBe(401);
      expect((await inject({ method: 'GET', url: '/api/v1/apps/com.nobody.here/similar' })).statusCode).toBe(404);
      expect((await inject({ method: 'GET', url: '/api/v1/apps/not a bundle/similar' })).statusCode).toBe(400);
      expect((await inject({ method: 'GET', url: '/api/v1/apps/com.nobody.here/similar?limit=0' })).statusCode).toBe(400);
    });
  },
  { clock },
);
