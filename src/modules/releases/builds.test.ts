import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { describeStore } from '../../testing/harness.js';
import { appReadyForReview, makePackage, makePackageWithName, uploadBuild } from './releases.fixtures.js';

describeStore(
  'releases: builds',
  (store) => {
    const inject = (o: InjectOptions) => store().app.inject(o);
    const blobFiles = () => {
      const root = path.join(store().config.dataDir, 'blobs');
      const out: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : out.push(e.name);
      };
      walk(root);
      return out;
    };

    it('streams a package into the blob store, hashes it, signs its metadata and lists it', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      const pkg = await makePackage({ bundleId, version: '1.0.0', buildNumber: 1 });
      const r = await uploadBuild(
        store().app,
        dev.headers,
        bundleId,
        {
          version: '1.0.0',
          buildNumber: 1,
          platforms: ['phone'],
          minOs: { phone: '15.0' },
          permissions: ['camera'],
          releaseNotes: 'First',
        },
        pkg,
      );
      expect(r.statusCode, r.body).toBe(201);
      const build = r.json().upload.build;
      expect(build.sha256).toBe(crypto.createHash('sha256').update(pkg).digest('hex'));
      expect(build.sizeBytes).toBe(pkg.length);
      expect(build.minOs).toEqual({ phone: '15.0' });
      expect(await store().ctx.blobs.stat(build.sha256)).toBe(pkg.length);

      // the signed metadata verifies with the published key and names this build
      const keys = (await inject({ method: 'GET', url: '/api/v1/builds/signing-keys' })).json().keys;
      const [h, p, sig] = build.signedMetadata.split('.');
      const ok = crypto.verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        { key: crypto.createPublicKey({ key: keys[0], format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        Buffer.from(sig, 'base64url'),
      );
      expect(ok).toBe(true);
      expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toMatchObject({ bundleId, sha256: build.sha256, buildNumber: 1 });

      const list = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/builds`, headers: dev.headers });
      expect(list.json().builds.map((b: { buildNumber: number }) => b.buildNumber)).toEqual([1]);
    });

    it('refuses a build number that does not increase (409), before and after upload', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      expect((await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.0', buildNumber: 5 })).statusCode).toBe(201);
      for (const n of [5, 4]) {
        const r = await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.1', buildNumber: n });
        expect(r.statusCode).toBe(409);
        expect(r.json().code).toBe('build_number_not_increasing');
      }
      expect((await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.1', buildNumber: 6 })).statusCode).toBe(201);
    });

    it('refuses an oversized declaration and an over-long body with 413, leaving no temp file', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      const max = store().config.builds.maxBytes;
      const big = await inject({
        method: 'POST',
        url: `/api/v1/apps/${bundleId}/build-uploads`,
        headers: dev.headers,
        payload: { version: '1.0.0', buildNumber: 1, platforms: ['phone'], sizeBytes: max + 1 },
      });
      expect(big.statusCode).toBe(413);

      const decl = await inject({
        method: 'POST',
        url: `/api/v1/apps/${bundleId}/build-uploads`,
        headers: dev.headers,
        payload: { version: '1.0.0', buildNumber: 1, platforms: ['phone'], sizeBytes: 1000 },
      });
      const before = blobFiles().length;
      const r = await inject({
        method: 'PUT',
        url: decl.json().upload.uploadUrl,
        headers: { ...dev.headers, 'content-type': 'application/zip' },
        payload: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]),
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().code).toBe('payload_too_large');
      expect(blobFiles().length).toBe(before);
      expect(fs.readdirSync(path.join(store().config.dataDir, 'blobs', 'tmp'))).toEqual([]);
    });

    it('rejects hostile or broken packages with 422 and the reason, keeping nothing', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      const zeros = Buffer.alloc(40 * 2 ** 20);
      const cases: Array<[string, Buffer, RegExp]> = [
        ['not a zip', Buffer.from('just some text, not an archive at all'.repeat(10)), /not a ZIP/],
        ['traversal', await makePackageWithName({ bundleId, version: '1.0.0' }, 'xx/evil.txt', '../evil.txt'), /relative path/],
        ['absolute', await makePackageWithName({ bundleId, version: '1.0.0' }, 'xetc/passwd', '/etc/passwd'), /absolute path/],
        [
          'symlink',
          await makePackage({
            bundleId,
            version: '1.0.0',
            files: [{ name: 'lib/link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }],
          }),
          /symbolic link/,
        ],
        ['bomb', await makePackage({ bundleId, version: '1.0.0', files: [{ name: 'zeros.bin', data: zeros }] }), /ratio|zip bomb/],
        ['no manifest', await makePackage({ bundleId, version: '1.0.0', manifest: false }), /orchard-manifest\.json is missing/],
      ];
      let n = 1;
      for (const [name, pkg, reason] of cases) {
        const r = await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.0', buildNumber: n++ }, pkg);
        expect(r.statusCode, name).toBe(422);
        expect(r.json().code, name).toBe('invalid_package');
        expect(r.json().detail, name).toMatch(reason);
        expect(await store().ctx.blobs.stat(crypto.createHash('sha256').update(pkg).digest('hex'))).toBeUndefined();
      }
      const wrong = await uploadBuild(
        store().app,
        dev.headers,
        bundleId,
        { version: '1.0.0', buildNumber: 99 },
        await makePackage({ bundleId: 'com.other.app', version: '1.0.0' }),
      );
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().code).toBe('manifest_mismatch');
      const wrongVersion = await uploadBuild(
        store().app,
        dev.headers,
        bundleId,
        { version: '1.0.0', buildNumber: 100 },
        await makePackage({ bundleId, version: '2.0.0' }),
      );
      expect(wrongVersion.json().detail).toMatch(/version "2.0.0"/);
      const builds = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/builds`, headers: dev.headers });
      expect(builds.json().builds).toEqual([]);
    });

    it('resumes an interrupted upload from the offset the server reports', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      const pkg = await makePackage({
        bundleId,
        version: '1.0.0',
        files: [{ name: 'bin/app', data: crypto.randomBytes(300_000), compress: false }],
      });
      const decl = await inject({
        method: 'POST',
        url: `/api/v1/apps/${bundleId}/build-uploads`,
        headers: dev.headers,
        payload: { version: '1.0.0', buildNumber: 1, platforms: ['desktop'], sizeBytes: pkg.length },
      });
      const url = decl.json().upload.uploadUrl;
      const patch = (offset: number, body: Buffer | Readable) =>
        inject({
          method: 'PATCH',
          url,
          headers: { ...dev.headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
          payload: body,
        });
      const first = await patch(0, pkg.subarray(0, 100_000));
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers['upload-offset']).toBe('100000');
      // a chunk sent at the wrong offset is refused with the right one
      const wrong = await patch(50_000, pkg.subarray(50_000, 60_000));
      expect(wrong.statusCode).toBe(409);
      expect(wrong.json().offset).toBe(100_000);
      // the connection drops mid-chunk: what reached the disk counts
      let sent = false;
      const broken = new Readable({
        read() {
          if (sent) return;
          sent = true;
          this.push(pkg.subarray(100_000, 150_000));
          setTimeout(() => this.destroy(new Error('connection reset')), 20);
        },
      });
      broken.on('error', () => undefined);
      await patch(100_000, broken).catch(() => undefined);
      const head = await inject({ method: 'HEAD', url, headers: dev.headers });
      const offset = Number(head.headers['upload-offset']);
      expect(offset).toBeGreaterThanOrEqual(100_000);
      expect(offset).toBeLessThanOrEqual(150_000);
      const last = await patch(offset, pkg.subarray(offset));
      expect(last.statusCode, last.body).toBe(200);
      const up = last.json().upload;
      expect(up.status).toBe('complete');
      expect(up.build.sha256).toBe(crypto.createHash('sha256').update(pkg).digest('hex'));
      expect(fs.readdirSync(path.join(store().config.dataDir, 'uploads'))).toEqual([]);
      // a finished upload takes no more bytes
      expect((await patch(pkg.length, Buffer.from('x'))).json().code).toBe('upload_closed');
    });

    it('keeps uploads private to their developer', async () => {
      const a = await appReadyForReview(store().app);
      const b = await appReadyForReview(store().app);
      const decl = await inject({
        method: 'POST',
        url: `/api/v1/apps/${a.bundleId}/build-uploads`,
        headers: a.dev.headers,
        payload: { version: '1.0.0', buildNumber: 1, platforms: ['phone'], sizeBytes: 10 },
      });
      expect((await inject({ method: 'GET', url: decl.json().upload.uploadUrl, headers: b.dev.headers })).statusCode).toBe(404);
      const other = await inject({
        method: 'POST',
        url: `/api/v1/apps/${a.bundleId}/build-uploads`,
        headers: b.dev.headers,
        payload: { version: '1.0.0', buildNumber: 1, platforms: ['phone'], sizeBytes: 10 },
      });
      expect(other.statusCode).toBe(404);
    });
  },
  { env: { BUILD_MAX_BYTES: String(64 * 2 ** 20) } },
);
