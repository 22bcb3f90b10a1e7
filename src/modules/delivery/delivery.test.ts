import crypto from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { DAY_MS, ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { describeStore, signUp } from '../../testing/harness.js';
import { appReadyForReview, makePackage, moderator, releaseVersion, uploadBuild } from '../releases/releases.fixtures.js';

const clock = new ManualClock('2026-04-01T08:00:00Z');

describeStore(
  'delivery',
  (store) => {
    const inject = (o: InjectOptions) => store().app.inject(o);
    const grant = async (userId: string, appId: string) =>
      inTransaction(store().ctx.db, (trx) => store().ctx.services.entitlements.grant(trx, { userId, appId, source: 'free' }));
    const check = (
      headers: Record<string, string>,
      installed: Array<{ bundleId: string; buildNumber: number }>,
      device = { platform: 'phone', osVersion: '17.0' },
    ) => inject({ method: 'POST', url: '/api/v1/updates/check', headers, payload: { ...device, installed } });
    const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

    it('offers the newest build the device may run, for entitled apps only', async () => {
      const { dev, bundleId, appId } = await appReadyForReview(store().app);
      const mod = await moderator(store().app, store().ctx);
      const release = (meta: Parameters<typeof releaseVersion>[4]) =>
        releaseVersion(store().app, store().ctx, dev, bundleId, meta, { reviewer: mod });
      await release({ version: '1.0.0', buildNumber: 1, permissions: ['camera'] });
      await release({
        version: '1.1.0',
        buildNumber: 2,
        platforms: ['phone', 'tablet'],
        minOs: { phone: '16.0' },
        permissions: ['camera', 'location'],
      });
      await release({ version: '2.0.0', buildNumber: 3, platforms: ['phone'], minOs: { phone: '18.0' } });
      const other = await appReadyForReview(store().app);
      await releaseVersion(store().app, store().ctx, other.dev, other.bundleId, { version: '1.0.0', buildNumber: 1 }, { reviewer: mod });

      const user = await signUp(store().app);
      const installed = [
        { bundleId, buildNumber: 1 },
        { bundleId: other.bundleId, buildNumber: 0 },
        { bundleId: 'com.nobody.knows', buildNumber: 3 },
      ];
      // nothing owned: nothing offered
      expect((await check(user.headers, installed)).json().updates).toEqual([]);
      await grant(user.user.id, appId);

      const phone17 = (await check(user.headers, installed)).json().updates;
      expect(phone17).toHaveLength(1);
      expect(phone17[0]).toMatchObject({
        bundleId,
        version: '1.1.0',
        buildNumber: 2,
        permissionsAdded: ['location'],
        releaseNotes: 'Fixes and improvements',
      });
      expect(phone17[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect((await check(user.headers, installed, { platform: 'phone', osVersion: '18.1' })).json().updates[0].version).toBe('2.0.0');
      // build 1 is the newest that runs on a TV, and it is installed already
      expect((await check(user.headers, installed, { platform: 'tv', osVersion: '18.1' })).json().updates).toEqual([]);
      expect((await check(user.headers, installed, { platform: 'phone', osVersion: '15.0' })).json().updates).toEqual([]);
      expect((await check(user.headers, [{ bundleId, buildNumber: 3 }], { platform: 'phone', osVersion: '18.1' })).json().updates).toEqual(
        [],
      );

      // the URL downloads exactly the offered bytes
      const dl = await inject({ method: 'GET', url: pathOf(phone17[0].downloadUrl) });
      expect(dl.statusCode).toBe(200);
      expect(crypto.createHash('sha256').update(dl.rawPayload).digest('hex')).toBe(phone17[0].sha256);
    });

    it('refuses more than 500 installed apps and unauthenticated checks', async () => {
      const user = await signUp(store().app);
      const many = Array.from({ length: 501 }, (_, i) => ({ bundleId: `com.x.a${i}`, buildNumber: 1 }));
      const r = await check(user.headers, many);
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('validation_failed');
      expect((await check(user.headers, many.slice(0, 500))).statusCode).toBe(200);
      expect((await check({}, [])).statusCode).toBe(401);
    });

    it('serves Range, ETag, 304, 416, and refuses expired or tampered links', async () => {
      const { dev, bundleId, appId } = await appReadyForReview(store().app);
      const pkg = await makePackage({
        bundleId,
        version: '1.0.0',
        files: [{ name: 'bin/app', data: crypto.randomBytes(50_000), compress: false }],
      });
      const up = await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.0', buildNumber: 1 }, pkg);
      expect(up.statusCode).toBe(201);
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.0.1', buildNumber: 2 });
      const user = await signUp(store().app);
      await grant(user.user.id, appId);
      const ticket = await inject({
        method: 'GET',
        url: `/api/v1/apps/${bundleId}/download?platform=desktop&osVersion=1`,
        headers: user.headers,
      });
      expect(ticket.statusCode, ticket.body).toBe(200);
      const { downloadUrl, sha256, sizeBytes } = ticket.json().download;
      const url = pathOf(downloadUrl);

      const full = await inject({ method: 'GET', url });
      expect(full.headers['content-length']).toBe(String(sizeBytes));
      expect(full.headers['x-content-sha256']).toBe(sha256);
      expect(full.headers.etag).toBe(`"${sha256}"`);
      expect(full.headers['cache-control']).toMatch(/immutable/);
      const part = await inject({ method: 'GET', url, headers: { range: 'bytes=100-199' } });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${sizeBytes}`);
      expect(part.rawPayload.equals(full.rawPayload.subarray(100, 200))).toBe(true);
      expect((await inject({ method: 'GET', url, headers: { 'if-none-match': `"${sha256}"` } })).statusCode).toBe(304);
      const beyond = await inject({ method: 'GET', url, headers: { range: `bytes=${sizeBytes + 10}-` } });
      expect(beyond.statusCode).toBe(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${sizeBytes}`);

      const tampered = [
        url.replace(/s=[^&]+/, `s=${Buffer.alloc(32).toString('base64url')}`),
        url.replace(/u=[^&]+/, `u=${newId()}`),
        url.replace(/\/downloads\/[^?]+/, `/downloads/${newId()}`),
        url.replace(/&s=[^&]+/, ''),
      ];
      for (const t of tampered) {
        const r = await inject({ method: 'GET', url: t });
        expect(r.statusCode, t).toBe(403);
        expect(r.json().code).toBe('download_link_invalid');
      }
      clock.advance(store().config.delivery.urlTtlSeconds * 1000 + 1000);
      const expired = await inject({ method: 'GET', url });
      expect(expired.statusCode).toBe(403);
      expect(expired.json().code).toBe('download_link_expired');
    });

    it('counts installs, re-downloads and updates per app, country and day, and feeds the catalog', async () => {
      const { dev, bundleId, appId } = await appReadyForReview(store().app);
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.0.0', buildNumber: 1 });
      const before = (await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().downloads;
      const fr = await signUp(store().app, { country: 'FR' });
      const jp = await signUp(store().app, { country: 'JP' });
      for (const u of [fr, jp]) await grant(u.user.id, appId);
      const download = async (u: typeof fr, headers: Record<string, string> = {}) => {
        const t = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/download`, headers: u.headers });
        return inject({ method: 'GET', url: pathOf(t.json().download.downloadUrl), headers });
      };
      await download(fr);
      await download(fr); // a retry the same day counts once
      await download(fr, { range: 'bytes=10-' }); // resuming is not a new download
      await download(jp);
      clock.advance(DAY_MS);
      await download(fr); // another day: a re-download
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.1.0', buildNumber: 2 });
      const offer = (await check(jp.headers, [{ bundleId, buildNumber: 1 }])).json().updates[0];
      await inject({ method: 'GET', url: pathOf(offer.downloadUrl) });
      await store().ctx.bus.drain();

      const stats = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/analytics/downloads`, headers: dev.headers });
      expect(stats.statusCode, stats.body).toBe(200);
      expect(stats.json().totals).toEqual({ install: 2, redownload: 1, update: 1 });
      const byCountry = Object.fromEntries(stats.json().byCountry.map((c: { country: string }) => [c.country, c]));
      expect(byCountry.FR).toMatchObject({ install: 1, redownload: 1, update: 0 });
      expect(byCountry.JP).toMatchObject({ install: 1, redownload: 0, update: 1 });
      expect(stats.json().days.length).toBe(4); // FR and JP on each of two days
      const after = (await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().downloads;
      expect(after - before).toBe(2);
      // someone else's analytics are not yours
      const other = await appReadyForReview(store().app);
      expect(
        (await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/analytics/downloads`, headers: other.dev.headers })).statusCode,
      ).toBe(404);
    });

    it('gets free apps, refuses paid ones, and needs ownership for a download', async () => {
      const free = await appReadyForReview(store().app);
      await releaseVersion(store().app, store().ctx, free.dev, free.bundleId, { version: '1.0.0', buildNumber: 1 });
      const paid = await appReadyForReview(store().app, { priceMinor: 299 });
      const user = await signUp(store().app);
      const denied = await inject({ method: 'GET', url: `/api/v1/apps/${free.bundleId}/download`, headers: user.headers });
      expect(denied.json().code).toBe('not_entitled');
      expect((await inject({ method: 'POST', url: `/api/v1/apps/${free.bundleId}/get`, headers: user.headers })).statusCode).toBe(201);
      expect((await inject({ method: 'POST', url: `/api/v1/apps/${free.bundleId}/get`, headers: user.headers })).statusCode).toBe(200);
      expect((await inject({ method: 'GET', url: `/api/v1/apps/${free.bundleId}/download`, headers: user.headers })).statusCode).toBe(200);
      const tv = await inject({
        method: 'GET',
        url: `/api/v1/apps/${free.bundleId}/download?platform=tv&osVersion=1`,
        headers: user.headers,
      });
      expect(tv.statusCode).toBe(200);
      const pay = await inject({ method: 'POST', url: `/api/v1/apps/${paid.bundleId}/get`, headers: user.headers });
      expect(pay.statusCode).toBe(402);
      expect(pay.json().code).toBe('app_not_free');
    });

    it('serves a phased update at 10% to about 10% of 10,000 users', async () => {
      const { ctx } = store();
      const { dev, bundleId, appId } = await appReadyForReview(store().app);
      const mod = await moderator(store().app, ctx);
      await releaseVersion(store().app, ctx, dev, bundleId, { version: '1.0.0', buildNumber: 1 }, { reviewer: mod });
      await releaseVersion(store().app, ctx, dev, bundleId, { version: '1.1.0', buildNumber: 2 }, { releaseMode: 'phased', reviewer: mod });
      clock.advance(3 * DAY_MS + 3_600_000); // day 4 of the rollout: 10%
      const now = clock.now().toISOString();
      const users = Array.from({ length: 10_000 }, (_, i) => ({
        id: newId(),
        email: `phased-${i}-${Date.now()}@example.test`,
        password_hash: 'x',
        display_name: `U${i}`,
        role: 'customer' as const,
        country: 'US',
        created_at: now,
        updated_at: now,
      }));
      await ctx.services.accounts.bulkLoad(ctx.database, users, []);
      await inTransaction(ctx.db, async (trx) => {
        for (const u of users) await ctx.services.entitlements.grant(trx, { userId: u.id, appId, source: 'free' });
      });
      let offered = 0;
      for (const u of users) {
        const updates = await ctx.services.delivery.checkUpdates(
          ctx.db,
          { id: u.id, country: 'US' },
          {
            platform: 'phone',
            osVersion: '17.0',
            installed: [{ bundleId, buildNumber: 1 }],
          },
        );
        if (updates[0]?.buildNumber === 2) offered++;
      }
      expect(offered / users.length).toBeGreaterThan(0.08);
      expect(offered / users.length).toBeLessThan(0.12);
    }, 180_000);
  },
  { clock, env: { SESSION_TTL_DAYS: '365' } },
);
