import { expect, it } from 'vitest';
import { describeStore } from '../testing/harness.js';
import { generateApps, generateDevelopers } from './generate.js';
import { DEMO_LOGINS, seedStore } from './seed.js';

it('generates the same store from the same seed, and a different one from another', () => {
  const devs = generateDevelopers(50, 7);
  expect(generateDevelopers(50, 7)).toEqual(devs);
  const a = generateApps(0, 300, 7, devs);
  expect(generateApps(0, 300, 7, devs)).toEqual(a);
  expect(generateApps(0, 300, 8, devs).apps[0]?.name).not.toEqual(undefined);
  expect(generateApps(0, 300, 8, devs).apps.map((x) => x.name)).not.toEqual(a.apps.map((x) => x.name));
  // batches are independent: generating [100, 200) alone equals the middle of [0, 300)
  expect(generateApps(100, 200, 7, devs).apps).toEqual(a.apps.slice(100, 200));
});

it('produces a believable long-tailed catalog across every category', () => {
  const devs = generateDevelopers(500, 1);
  const { apps } = generateApps(0, 5000, 1, devs);
  expect(new Set(apps.map((a) => a.bundle_id)).size).toBe(apps.length);
  expect(new Set(apps.map((a) => a.category)).size).toBe(26);
  const downloads = apps.map((a) => a.downloads).sort((x, y) => x - y);
  const median = downloads[Math.floor(downloads.length / 2)] as number;
  const top = downloads.at(-1) as number;
  expect(top / Math.max(1, median)).toBeGreaterThan(1000); // a few hits, a long tail
  const paid = apps.filter((a) => a.price_minor > 0).length / apps.length;
  expect(paid).toBeGreaterThan(0.1);
  expect(paid).toBeLessThan(0.35);
  for (const a of apps.slice(0, 200)) {
    expect(a.bundle_id).toMatch(/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/);
    expect(a.description.length).toBeGreaterThan(40);
    const hist = JSON.parse(a.rating_histogram) as number[];
    expect(hist.reduce((s, v) => s + v, 0)).toBe(a.rating_count);
  }
});

describeStore('seeding', (store) => {
  it('writes users, developers, apps and demo sign-ins that work', async () => {
    const { ctx, app } = store();
    const r = await seedStore(ctx, { apps: 600, users: 40, batchSize: 250 });
    expect(await ctx.services.catalog.countLiveApps(ctx.db)).toBe(600);
    const counts = await ctx.services.catalog.categoryCounts(ctx.db);
    expect(counts.reduce((s, c) => s + c.count, 0)).toBe(600);
    for (const l of r.logins) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: l.email, password: l.password } });
      expect(res.statusCode, l.email).toBe(200);
      expect(res.json().user.role).toBe(l.role);
    }
    const dev = DEMO_LOGINS.find((l) => l.role === 'developer');
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: dev?.email, password: dev?.password } });
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/developers/me/apps',
      headers: { authorization: `Bearer ${login.json().token}` },
    });
    expect(mine.json().total).toBeGreaterThan(0);
    const events = await ctx.db.selectFrom('outbox').select('type').where('type', '=', 'catalog.bulk_loaded').execute();
    expect(events).toHaveLength(1);
  });
});
