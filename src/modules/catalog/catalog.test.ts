import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { createLiveApp, describeStore, signUp, signUpDeveloper } from '../../testing/harness.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(
    '0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa6b3ae0000000049454e44ae426082',
    'hex',
  ),
]);

describeStore('catalog', (store) => {
  const inject = (o: InjectOptions) => store().app.inject(o);
  let seq = 0;
  const bundle = (p = 'app') => `com.catalogtest.${p}${Date.now().toString(36)}${seq++}`;

  it('creates a draft app that only its developer sees until published', async () => {
    const dev = await signUpDeveloper(store().app);
    const bundleId = bundle();
    const created = await inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: dev.headers,
      payload: { bundleId, name: 'Tide Notes', category: 'Productivity', keywords: ['Notes', 'notes', ' Tides '], priceMinor: 299 },
    });
    expect(created.statusCode).toBe(201);
    const app = created.json();
    expect(app).toMatchObject({
      bundleId,
      name: 'Tide Notes',
      status: 'draft',
      priceMinor: 299,
      currency: 'USD',
      developer: dev.developer.name,
    });
    expect(app.keywords).toEqual(['notes', 'tides']);
    expect(app.ratingHistogram).toEqual([0, 0, 0, 0, 0]);

    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}`, headers: dev.headers })).statusCode).toBe(200);

    const pub = await inject({ method: 'POST', url: `/api/v1/apps/${bundleId}/publish`, headers: dev.headers });
    expect(pub.json().status).toBe('live');
    const pubDetail = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}?country=DE` });
    expect(pubDetail.statusCode).toBe(200);
    expect(pubDetail.json().price).toEqual({ country: 'DE', priceMinor: 299, currency: 'USD' });
    expect(pubDetail.json().prices).toHaveLength(30);
  });

  it('rejects a duplicate bundle id with 409 and keeps the first app', async () => {
    const dev = await signUpDeveloper(store().app);
    const other = await signUpDeveloper(store().app);
    const bundleId = bundle();
    await createLiveApp(store().app, dev, { bundleId, name: 'First' });
    const dup = await inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: other.headers,
      payload: { bundleId, name: 'Second', category: 'Books' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('bundle_id_taken');
    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().name).toBe('First');
  });

  it("hides another developer's app behind 404 for every write", async () => {
    const owner = await signUpDeveloper(store().app);
    const intruder = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, owner);
    const attempts: InjectOptions[] = [
      { method: 'PATCH', url: `/api/v1/apps/${bundleId}`, payload: { name: 'Hijacked' } },
      { method: 'POST', url: `/api/v1/apps/${bundleId}/publish` },
      { method: 'DELETE', url: `/api/v1/apps/${bundleId}` },
      { method: 'PUT', url: `/api/v1/apps/${bundleId}/prices`, payload: { prices: [{ country: 'US', priceMinor: 1 }] } },
    ];
    for (const a of attempts) {
      const r = await inject({ ...a, headers: intruder.headers });
      expect(r.statusCode, `${a.method} ${a.url}`).toBe(404);
      expect(r.json().code).toBe('app_not_found');
    }
    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().name).not.toBe('Hijacked');
  });

  it('needs a developer account (403) and a session (401) to create apps', async () => {
    const shopper = await signUp(store().app);
    const payload = { bundleId: bundle(), name: 'Nope', category: 'Books' };
    expect((await inject({ method: 'POST', url: '/api/v1/apps', payload })).statusCode).toBe(401);
    const r = await inject({ method: 'POST', url: '/api/v1/apps', headers: shopper.headers, payload });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('developer_required');
  });

  it('edits listings, keeps the bundle id immutable, and validates categories', async () => {
    const dev = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, dev);
    const r = await inject({
      method: 'PATCH',
      url: `/api/v1/apps/${bundleId}`,
      headers: dev.headers,
      payload: { name: 'Renamed', category: 'Weather' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ name: 'Renamed', category: 'Weather' });
    const immut = await inject({
      method: 'PATCH',
      url: `/api/v1/apps/${bundleId}`,
      headers: dev.headers,
      payload: { bundleId: 'com.other.id' },
    });
    expect(immut.statusCode).toBe(400);
    const badCat = await inject({
      method: 'PATCH',
      url: `/api/v1/apps/${bundleId}`,
      headers: dev.headers,
      payload: { category: 'Gambling' },
    });
    expect(badCat.statusCode).toBe(400);
    expect(badCat.json().code).toBe('validation_failed');
  });

  it('prices per storefront: overrides win, availability hides a country', async () => {
    const dev = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, dev, { priceMinor: 499 });
    await inject({ method: 'PATCH', url: `/api/v1/apps/${bundleId}`, headers: dev.headers, payload: { availability: ['US', 'JP', 'DE'] } });
    const set = await inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/prices`,
      headers: dev.headers,
      payload: {
        prices: [
          { country: 'JP', priceMinor: 700 },
          { country: 'DE', priceMinor: 549 },
        ],
      },
    });
    expect(set.statusCode).toBe(200);
    const prices = Object.fromEntries(set.json().prices.map((p: { country: string }) => [p.country, p]));
    expect(prices.JP).toEqual({ country: 'JP', priceMinor: 700, currency: 'JPY' });
    expect(prices.DE).toEqual({ country: 'DE', priceMinor: 549, currency: 'EUR' });
    expect(prices.US).toEqual({ country: 'US', priceMinor: 499, currency: 'USD' });
    expect(prices.GB).toBeUndefined();
    const gb = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}?country=GB` });
    expect(gb.json().price).toBeNull();
    // listings show the storefront price too
    const list = await inject({ method: 'GET', url: `/api/v1/developers/${dev.developer.slug}/apps` });
    expect(list.json().apps).toHaveLength(1);
    const jp = await inject({ method: 'GET', url: '/api/v1/apps?sort=new&country=JP&limit=50' });
    expect(jp.json().apps.find((a: { bundleId: string }) => a.bundleId === bundleId)?.price).toEqual({
      country: 'JP',
      priceMinor: 700,
      currency: 'JPY',
    });
    const bad = await inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/prices`,
      headers: dev.headers,
      payload: { prices: [{ country: 'XX', priceMinor: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lists categories with counts and pages apps by popularity and newest', async () => {
    const { ctx } = store();
    const dev = await signUpDeveloper(store().app);
    const before = (await inject({ method: 'GET', url: '/api/v1/categories' })).json().categories;
    expect(before).toHaveLength(26);
    const weatherBefore = before.find((c: { slug: string }) => c.slug === 'weather').count;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createLiveApp(store().app, dev, { category: 'Weather', name: `Sky ${i}` }));
    await ctx.bus.drain(); // the listing cache is dropped by a catalog event consumer
    const after = (await inject({ method: 'GET', url: '/api/v1/categories' })).json().categories;
    expect(after.find((c: { slug: string }) => c.slug === 'weather').count).toBe(weatherBefore + 3);

    const page = await inject({ method: 'GET', url: '/api/v1/categories/weather/apps?sort=new&limit=2' });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.category).toEqual({ name: 'Weather', slug: 'weather' });
    expect(body.apps).toHaveLength(2);
    expect(body.total).toBe(weatherBefore + 3);
    expect(body.apps[0].releasedAt >= body.apps[1].releasedAt).toBe(true);
    const byName = await inject({ method: 'GET', url: '/api/v1/categories/Weather/apps' });
    expect(byName.statusCode).toBe(200);
    const unknown = await inject({ method: 'GET', url: '/api/v1/categories/gambling/apps' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('unknown_category');
    expect(unknown.json().allowed).toContain('Food & Drink');
    const tooMany = await inject({ method: 'GET', url: '/api/v1/categories/weather/apps?limit=51' });
    expect(tooMany.statusCode).toBe(400);
    const extra = await inject({ method: 'GET', url: '/api/v1/apps?sort=new&colour=red' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].path).toContain('colour');
  });

  it("serves a developer's page and apps, and the developer console list includes drafts", async () => {
    const dev = await signUpDeveloper(store().app);
    await createLiveApp(store().app, dev, { name: 'Live one' });
    await inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: dev.headers,
      payload: { bundleId: bundle('draft'), name: 'Draft one', category: 'Books' },
    });
    const pub = await inject({ method: 'GET', url: `/api/v1/developers/${dev.developer.slug}/apps` });
    expect(pub.json().apps.map((a: { name: string }) => a.name)).toEqual(['Live one']);
    const mine = await inject({ method: 'GET', url: '/api/v1/developers/me/apps', headers: dev.headers });
    expect(
      mine
        .json()
        .apps.map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(['Draft one', 'Live one']);
  });

  it('removes an app from sale: 404 for shoppers, still visible to its developer', async () => {
    const dev = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, dev);
    expect((await inject({ method: 'DELETE', url: `/api/v1/apps/${bundleId}`, headers: dev.headers })).statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}`, headers: dev.headers })).json().status).toBe('removed');
  });

  it('uploads an icon and screenshots into the blob store and serves them with ETag and Range', async () => {
    const dev = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, dev);
    const icon = await inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/icon`,
      headers: { ...dev.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(icon.statusCode).toBe(200);
    const iconUrl = icon.json().iconUrl as string;
    expect(iconUrl).toMatch(/^\/media\/[0-9a-f]{64}$/);
    const got = await inject({ method: 'GET', url: iconUrl });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toContain('immutable');
    const etag = got.headers.etag as string;
    expect((await inject({ method: 'GET', url: iconUrl, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const part = await inject({ method: 'GET', url: iconUrl, headers: { range: 'bytes=0-7' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-7/${PNG.length}`);
    expect(part.rawPayload.equals(PNG.subarray(0, 8))).toBe(true);
    const beyond = await inject({ method: 'GET', url: iconUrl, headers: { range: `bytes=${PNG.length + 10}-` } });
    expect(beyond.statusCode).toBe(416);

    const shot = await inject({
      method: 'POST',
      url: `/api/v1/apps/${bundleId}/screenshots`,
      headers: { ...dev.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(shot.statusCode).toBe(201);
    expect(shot.json().screenshots).toHaveLength(1);
    const del = await inject({ method: 'DELETE', url: `/api/v1/apps/${bundleId}/screenshots/1`, headers: dev.headers });
    expect(del.json().screenshots).toHaveLength(0);
  });

  it('refuses files that are not the image they claim to be, and oversize media', async () => {
    const dev = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, dev);
    const fake = await inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/icon`,
      headers: { ...dev.headers, 'content-type': 'image/png' },
      payload: Buffer.from('#!/bin/sh\necho not a png at all\n'),
    });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('unsupported_image');
    const gif = await inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/icon`,
      headers: { ...dev.headers, 'content-type': 'image/gif' },
      payload: Buffer.from('GIF89a.........'),
    });
    expect(gif.statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(store().config.media.maxBytes)]);
    const tooBig = await inject({
      method: 'PUT',
      url: `/api/v1/apps/${bundleId}/icon`,
      headers: { ...dev.headers, 'content-type': 'image/png' },
      payload: big,
    });
    expect(tooBig.statusCode).toBe(413);
    const fs = await import('node:fs');
    const path = await import('node:path');
    expect(fs.readdirSync(path.join(store().config.dataDir, 'blobs', 'tmp'))).toEqual([]);
    // media that is not an icon or screenshot is not public
    expect((await inject({ method: 'GET', url: `/media/${'a'.repeat(64)}` })).statusCode).toBe(404);
  });

  it('publishes catalog events in the same transaction as the change', async () => {
    const { ctx } = store();
    const dev = await signUpDeveloper(store().app);
    const { id } = await createLiveApp(store().app, dev);
    const events = await ctx.db.selectFrom('outbox').select(['type', 'payload']).where('aggregate_id', '=', id).orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['app.created', 'app.updated']);
    expect(JSON.parse(events[0]?.payload ?? '{}')).toMatchObject({ appId: id });
  });

  it('renames the developer on their apps after developer.updated', async () => {
    const { ctx } = store();
    const dev = await signUpDeveloper(store().app);
    const { bundleId } = await createLiveApp(store().app, dev);
    const r = await inject({ method: 'PATCH', url: '/api/v1/developers/me', headers: dev.headers, payload: { name: 'Renamed Studio' } });
    expect(r.statusCode).toBe(200);
    await ctx.bus.drain();
    expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().developer).toBe('Renamed Studio');
  });
});
