import fs from 'node:fs';
import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { seedStore } from '../../seed/seed.js';
import { createLiveApp, describeStore, signUpDeveloper } from '../../testing/harness.js';
import { categories } from '../catalog/categories.js';
import { SearchService } from './search.service.js';
import { readSnapshot } from './snapshot.js';

const ROLES = { http: true, worker: false, scheduler: false };

describeStore('search', (store) => {
  const inject = (o: InjectOptions) => store().app.inject(o);
  const get = (url: string) => inject({ method: 'GET', url });
  const search = (qs: Record<string, string | number>) =>
    get(`/api/v1/search?${new URLSearchParams(Object.entries(qs).map(([k, v]) => [k, String(v)] as [string, string])).toString()}`);
  let names: Array<{ name: string; bundle: string; category: string }> = [];

  beforeAll(async () => {
    const { ctx } = store();
    await seedStore(ctx, { apps: 400, users: 3, seed: 7 });
    const rows = await ctx.db.selectFrom('apps').select(['name', 'bundle_id', 'category']).where('status', '=', 'live').execute();
    names = rows.map((r) => ({ name: r.name, bundle: r.bundle_id, category: r.category }));
  }, 120_000);

  it('answers from the database (degraded) and keeps /health/ready at 503 until the index is loaded', async () => {
    const target = names.find((n) => n.name.split(' ').length >= 2) as (typeof names)[number];
    const res = await search({ q: target.name });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.degraded).toBe(true);
    expect(body.results.map((r: { bundleId: string }) => r.bundleId)).toContain(target.bundle);
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.search).toMatch(/loading/);
    // browse in degraded mode too
    const browse = (await search({ category: 'Games', limit: 5 })).json();
    expect(browse.degraded).toBe(true);
    expect(browse.results.every((r: { category: string }) => r.category === 'Games')).toBe(true);

    await store().ctx.start(ROLES);
    await store().ctx.services.search.whenReady();
    const after = await get('/health/ready');
    expect(after.json().checks.search).toBe('ok');
  });

  it('matches the contract shape and finds an app by its exact name first', async () => {
    for (const target of names.slice(0, 15)) {
      const res = await search({ q: target.name });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ degraded: false, totalExact: expect.any(Boolean) });
      expect(typeof body.tookMs).toBe('number');
      expect(body.total).toBeGreaterThanOrEqual(1);
      expect(body.results.length).toBeLessThanOrEqual(20);
      const first = body.results[0];
      expect(Object.keys(first).sort()).toEqual(
        [
          'bundleId',
          'category',
          'currency',
          'developer',
          'iconUrl',
          'name',
          'priceMinor',
          'ratingAverage',
          'ratingCount',
          'score',
          'subtitle',
        ].sort(),
      );
      // several seeded apps may share a name ("Notes Pro"); the first result has this exact name
      expect(first.name.toLowerCase()).toBe(target.name.toLowerCase());
      const scores = body.results.map((r: { score: number }) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('tolerates typos, offers a did-you-mean, and joins split words', async () => {
    const target = names.find(
      (n) => /^[A-Za-z]{8,}\b/.test(n.name) && n.name[2]?.toLowerCase() !== n.name[3]?.toLowerCase(),
    ) as (typeof names)[number];
    const word = (target.name.match(/^[A-Za-z]+/) as RegExpMatchArray)[0];
    const typo = `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`; // swap two letters
    const body = (await search({ q: typo })).json();
    expect(body.results.slice(0, 3).map((r: { bundleId: string }) => r.bundleId)).toContain(target.bundle);
    expect(body.didYouMean?.toLowerCase()).toBe(word.toLowerCase());

    const dev = await signUpDeveloper(store().app);
    const quiz = await createLiveApp(store().app, dev, { name: 'QuizUp Trivia', category: 'Games' });
    const todo = await createLiveApp(store().app, dev, { name: 'To-Do Garden', category: 'Productivity' });
    await store().ctx.services.search.whenReady();
    const eventually = async (q: string, bundleId: string) => {
      for (let i = 0; i < 100; i++) {
        const r = (await search({ q })).json();
        if (r.results.slice(0, 3).some((x: { bundleId: string }) => x.bundleId === bundleId)) return true;
        await new Promise((res) => setTimeout(res, 20));
      }
      return false;
    };
    expect(await eventually('quiz up', quiz.bundleId)).toBe(true);
    expect(await eventually('quizup', quiz.bundleId)).toBe(true);
    expect(await eventually('todo garden', todo.bundleId)).toBe(true);
  });

  it('filters by category (name or slug), price, rating and country, with facet counts', async () => {
    const q = 'pro';
    const all = (await search({ q, limit: 50 })).json();
    expect(all.facets.length).toBeGreaterThan(0);
    const facet = all.facets[0];
    const bySlug = (await search({ q, category: facet.slug, limit: 50 })).json();
    const byName = (await search({ q, category: facet.category, limit: 50 })).json();
    expect(bySlug.total).toBe(facet.count);
    expect(byName.total).toBe(facet.count);
    expect(bySlug.results.every((r: { category: string }) => r.category === facet.category)).toBe(true);

    const free = (await search({ q, price: 'free', limit: 50 })).json();
    expect(free.results.every((r: { priceMinor: number }) => r.priceMinor === 0)).toBe(true);
    const paid = (await search({ q, price: 'paid', limit: 50 })).json();
    expect(paid.results.every((r: { priceMinor: number }) => r.priceMinor > 0)).toBe(true);
    expect(free.total + paid.total).toBe(all.total);

    const rated = (await search({ q, minRating: 4.5, limit: 50 })).json();
    expect(rated.results.every((r: { ratingAverage: number }) => r.ratingAverage >= 4.5)).toBe(true);

    // an app sold only in Japan is not found from the German storefront
    const dev = await signUpDeveloper(store().app);
    const jp = await createLiveApp(store().app, dev, { name: 'Sakura Kanji Drill', category: 'Education' });
    await inject({ method: 'PATCH', url: `/api/v1/apps/${jp.bundleId}`, headers: dev.headers, payload: { availability: ['JP'] } });
    await store().ctx.bus.drain();
    await store().ctx.services.search.whenReady();
    const inJp = (await search({ q: 'sakura kanji', country: 'JP' })).json();
    const inDe = (await search({ q: 'sakura kanji', country: 'DE' })).json();
    expect(inJp.results.map((r: { bundleId: string }) => r.bundleId)).toContain(jp.bundleId);
    expect(inDe.results.map((r: { bundleId: string }) => r.bundleId)).not.toContain(jp.bundleId);
  });

  it('browses a category by popularity when q is empty, and pages without overlap', async () => {
    const p1 = (await search({ category: 'games', limit: 10 })).json();
    const p2 = (await search({ category: 'Games', limit: 10, offset: 10 })).json();
    expect(p1.total).toBe(names.filter((n) => n.category === 'Games').length + 1); // + QuizUp
    const all = [...p1.results, ...p2.results];
    expect(all.every((r: { category: string }) => r.category === 'Games')).toBe(true);
    expect(new Set(all.map((r: { bundleId: string }) => r.bundleId)).size).toBe(all.length);
    const scores = all.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('rejects bad parameters with stable problem codes', async () => {
    const cases: Array<[Record<string, string | number>, number, string]> = [
      [{}, 400, 'query_required'],
      [{ q: '   ' }, 400, 'query_required'],
      [{ q: 'x'.repeat(257) }, 400, 'query_too_long'],
      [{ q: 'notes', limit: 51 }, 400, 'invalid_limit'],
      [{ q: 'notes', limit: 0 }, 400, 'invalid_limit'],
      [{ q: 'notes', offset: 10_001 }, 400, 'invalid_offset'],
      [{ q: 'notes', offset: -1 }, 400, 'invalid_offset'],
      [{ q: 'notes', category: 'Gamez' }, 400, 'unknown_category'],
      [{ q: 'notes', price: 'cheap' }, 400, 'validation_failed'],
      [{ q: 'notes', minRating: 6 }, 400, 'validation_failed'],
      [{ q: 'notes', limit: 'ten' }, 400, 'validation_failed'],
      [{ q: 'notes', country: 'ZZ' }, 400, 'unknown_country'],
      [{ q: 'notes', country: 'germany' }, 400, 'validation_failed'],
      [{ q: 'notes', unknown: 1 }, 400, 'validation_failed'],
    ];
    for (const [qs, status, code] of cases) {
      const res = await search(qs);
      expect(res.statusCode, JSON.stringify(qs)).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code, JSON.stringify(qs)).toBe(code);
    }
    const cat = (await search({ q: 'a', category: 'nope' })).json();
    expect(cat.allowed).toEqual([...categories]);
  });

  it('never fails on odd Unicode: emoji, RTL, combining marks, NUL, long repeats', async () => {
    const odd = [
      '😀🍎📱',
      'مرحبا بالعالم',
      'שלום',
      'e\u0301\u0301\u0301\u0301',
      'ａｐｐ',
      'x'.repeat(256),
      'ab '.repeat(85),
      '写真編集アプリ',
      '"); drop table apps; --',
      '* OR 1=1 NEAR(',
      'café crème',
    ];
    for (const q of odd) {
      const res = await search({ q });
      expect(res.statusCode, q).toBe(200);
      expect(res.json().degraded).toBe(false);
      const sug = await get(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`);
      expect(sug.statusCode, q).toBe(200);
    }
    // the HTTP layer refuses NUL in any text parameter with a plain 400 (the engine itself copes: see engine.test.ts)
    for (const q of ['a\u0000b', '\u0000']) {
      const res = await search({ q });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('serves parallel searches consistently', async () => {
    const qs = names.slice(0, 8).map((n) => n.name);
    const once = await Promise.all(qs.map((q) => search({ q })));
    const again = await Promise.all([...qs, ...qs, ...qs].map((q) => search({ q })));
    again.forEach((r, i) => {
      expect(r.statusCode).toBe(200);
      expect(r.json().results).toEqual((once[i % qs.length] as { json(): { results: unknown } }).json().results);
    });
  });

  it('makes created, renamed and removed apps searchable right away (local consumer)', async () => {
    const dev = await signUpDeveloper(store().app);
    const app = await createLiveApp(store().app, dev, { name: 'Zebrafinch Planner', category: 'Productivity' });
    const until = async (q: string, present: boolean) => {
      for (let i = 0; i < 100; i++) {
        await store().ctx.services.search.whenReady();
        const r = (await search({ q })).json();
        if (r.results.some((x: { bundleId: string }) => x.bundleId === app.bundleId) === present) return true;
        await new Promise((res) => setTimeout(res, 10));
      }
      return false;
    };
    expect(await until('zebrafinch', true)).toBe(true);
    await inject({ method: 'PATCH', url: `/api/v1/apps/${app.bundleId}`, headers: dev.headers, payload: { name: 'Kestrelwing Planner' } });
    expect(await until('kestrelwing', true)).toBe(true);
    expect(await until('zebrafinch', false)).toBe(true);
    await inject({ method: 'DELETE', url: `/api/v1/apps/${app.bundleId}`, headers: dev.headers });
    expect(await until('kestrelwing', false)).toBe(true);
  });

  it('suggests app names and past queries; trending lists repeated queries', async () => {
    const target = names.find((n) => n.name.length >= 6) as (typeof names)[number];
    const prefix = target.name.slice(0, 4);
    const sug = (await get(`/api/v1/search/suggest?q=${encodeURIComponent(prefix)}`)).json();
    expect(sug.suggestions.length).toBeGreaterThan(0);
    expect(sug.suggestions.length).toBeLessThanOrEqual(8);
    expect(sug.suggestions.some((s: { bundleId?: string }) => s.bundleId)).toBe(true);
    expect(sug.suggestions.every((s: { text: string }) => s.text.toLowerCase().includes(prefix.toLowerCase().slice(0, 2)))).toBe(true);

    for (let i = 0; i < 3; i++) await search({ q: 'photo editor' });
    await search({ q: 'photo editing tools' });
    await search({ q: 'photo editing tools' });
    const completions = (await get('/api/v1/search/suggest?q=photo%20ed')).json();
    expect(completions.suggestions.map((s: { text: string }) => s.text)).toContain('photo editor');
    const trending = (await get('/api/v1/search/trending')).json();
    expect(trending.queries[0]).toMatchObject({ query: expect.any(String), count: expect.any(Number) });
    expect(trending.queries.map((q: { query: string }) => q.query)).toContain('photo editor');
    expect((await get('/api/v1/search/suggest')).json()).toEqual({ suggestions: [] });
    expect((await get('/api/v1/search/trending?limit=100')).statusCode).toBe(400);
  });

  it('writes a snapshot that loads back to the same answers', async () => {
    const svc = store().ctx.services.search;
    await svc.whenReady();
    (svc as unknown as { dirty: boolean }).dirty = true;
    await svc.snapshotIfChanged();
    expect(fs.existsSync(svc.snapshotFile)).toBe(true);
    const snap = readSnapshot(svc.snapshotFile);
    expect(snap).not.toBeNull();
    const live = svc.currentIndex;
    if (!snap || !live) throw new Error('no index');
    expect(snap.index.liveCount).toBe(live.liveCount);
    for (const q of ['pro', names[3]?.name ?? 'x', 'weather radar', 'quiz up']) {
      const a = live.search({ q, limit: 10, offset: 0 }, { text: 0.6 });
      const b = snap.index.search({ q, limit: 10, offset: 0 }, { text: 0.6 });
      expect(b.hits.map((h) => snap.index.bundleIds[h.doc])).toEqual(a.hits.map((h) => live.bundleIds[h.doc]));
      expect(b.total).toBe(a.total);
    }
  });
  it('restarts from the snapshot and catches up with changes made after it', async () => {
    const { ctx, app } = store();
    const svc = ctx.services.search;
    await svc.whenReady();
    (svc as unknown as { dirty: boolean }).dirty = true;
    await svc.snapshotIfChanged();
    const dev = await signUpDeveloper(app);
    const late = await createLiveApp(app, dev, { name: 'Quokkawave Radio', category: 'Music' });
    await ctx.bus.drain();
    const messages: string[] = [];
    const log = Object.assign(Object.create(ctx.log), {
      info: (_o: unknown, m?: string) => {
        messages.push(String(m));
      },
    }) as typeof ctx.log;
    const restarted = new SearchService({
      db: ctx.db,
      dialect: ctx.dialect,
      clock: ctx.clock,
      log,
      bus: ctx.bus,
      catalog: ctx.services.catalog,
      lifecycle: { started: true },
      dataDir: ctx.config.dataDir,
      textWeight: 0.6,
      mode: 'memory',
      snapshotIntervalSeconds: 0,
    });
    await restarted.start();
    await restarted.whenReady();
    expect(messages).toContain('search: index loaded from snapshot');
    expect(messages).not.toContain('search: building index from the database');
    const r = await restarted.search({ q: 'quokkawave radio' });
    expect(r.degraded).toBe(false);
    expect(r.results[0]?.bundleId).toBe(late.bundleId);
    await restarted.stop();
  });
});

describeStore(
  'search (SEARCH_INDEX=database)',
  (store) => {
    it('answers every search from the database full-text index, flagged degraded', async () => {
      const { ctx, app } = store();
      const dev = await signUpDeveloper(app);
      await createLiveApp(app, dev, { name: 'Harbor Tide Tables', category: 'Navigation', description: 'Tides for sailors' });
      await createLiveApp(app, dev, { name: 'Harbour Pilot', category: 'Navigation' });
      await ctx.start(ROLES);
      const r = (await app.inject({ method: 'GET', url: '/api/v1/search?q=harbor%20ti' })).json();
      expect(r.degraded).toBe(true);
      expect(r.results.map((x: { name: string }) => x.name)).toEqual(['Harbor Tide Tables']);
      expect(r.total).toBe(1);
      const none = (await app.inject({ method: 'GET', url: '/api/v1/search?q=%22%29%20OR%20*' })).json();
      expect(none.degraded).toBe(true);
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json().checks.search).toBe('ok');
    });
  },
  { env: { SEARCH_INDEX: 'database' } },
);
