/**
 * The device client against a real listening server: sign in, get, install with a download
 * killed midway (SIGKILL) and resumed to a byte-identical verified file, list, updates, update --all.
 */
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appReadyForReview, makePackage, moderator, releaseVersion, uploadBuild } from '../../src/modules/releases/releases.fixtures.js';
import { createTestStore, signUp, type TestStore } from '../../src/testing/harness.js';

const bin = path.resolve(import.meta.dirname, '..', 'bin', 'orchard-client.mjs');

async function freePort(): Promise<number> {
  // ports 3600-3699 are this project's
  for (let i = 0; i < 50; i++) {
    const port = 3600 + Math.floor(Math.random() * 100);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port in 3600-3699');
}

describe('orchard-client', () => {
  let store: TestStore;
  let port: number;
  let dir: string;
  let bundleId: string;
  let pkg: Buffer;
  let dev: Awaited<ReturnType<typeof appReadyForReview>>['dev'];
  let mod: Record<string, string>;
  let email: string;

  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, '--state', path.join(dir, 'state.json'), ...args],
        { env: { ...process.env, ...env } },
        (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
      );
    });

  beforeAll(async () => {
    port = await freePort();
    store = await createTestStore('sqlite', { env: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
    await store.app.listen({ port, host: '127.0.0.1' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-client-'));
    const ready = await appReadyForReview(store.app);
    dev = ready.dev;
    bundleId = ready.bundleId;
    mod = await moderator(store.app, store.ctx);
    pkg = await makePackage({
      bundleId,
      version: '1.0.0',
      files: [{ name: 'bin/app', data: crypto.randomBytes(6 * 2 ** 20), compress: false }],
    });
    expect((await uploadBuild(store.app, dev.headers, bundleId, { version: '1.0.0', buildNumber: 1 }, pkg)).statusCode).toBe(201);
    for (const [url, payload] of [
      [`/api/v1/apps/${bundleId}/versions`, { version: '1.0.0', buildNumber: 1, releaseMode: 'automatic' }],
      [`/api/v1/apps/${bundleId}/versions/1.0.0/submit`, undefined],
    ] as const) {
      const r = await store.app.inject({ method: 'POST', url, headers: dev.headers, ...(payload ? { payload } : {}) });
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    const queue = await store.app.inject({ method: 'GET', url: '/api/v1/review/submissions', headers: mod });
    const id = queue.json().submissions.find((s: { bundleId: string }) => s.bundleId === bundleId).id;
    for (const step of ['start', 'approve'])
      await store.app.inject({ method: 'POST', url: `/api/v1/review/submissions/${id}/${step}`, headers: mod });
    email = (await signUp(store.app)).email;
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains failures clearly: no server, not signed in, not owned, no search', async () => {
    const nobody = await freePort();
    const down = await run(['login', '--server', `http://127.0.0.1:${nobody}`, '--email', email, '--password', 'x']);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(new RegExp(`Cannot reach the server at http://127\\.0\\.0\\.1:${nobody} \\(connection refused\\)`));
    expect((await run(['install', bundleId])).err).toMatch(/not signed in/);
    const bad = await run(['login', '--server', `http://127.0.0.1:${port}`, '--email', email, '--password', 'wrong password']);
    expect(bad.err).toMatch(/Email or password is wrong/);
    const ok = await run(
      ['login', '--server', `http://127.0.0.1:${port}`, '--email', email, '--platform', 'desktop', '--os-version', '14.0'],
      {
        ORCHARD_PASSWORD: 'correct horse battery',
      },
    );
    expect(ok.code, ok.err).toBe(0);
    const notOwned = await run(['install', bundleId]);
    expect(notOwned.code).toBe(1);
    expect(notOwned.err).toMatch(/You do not own this app/);
    expect(notOwned.err).toMatch(/orchard-client get/);
    const search = await run(['search', 'notes']);
    expect(search.err + search.out).toMatch(/Search is not available on this server yet|notes/i);
  }, 120_000);

  it('gets a free app, survives a killed download and resumes it to a byte-identical, verified file', async () => {
    const got = await run(['get', bundleId]);
    expect(got.code, got.err).toBe(0);
    expect(got.out).toMatch(/Got .* \(free\)|Bought|already own/);

    const appsDir = path.join(dir, 'apps');
    const part = path.join(appsDir, `${bundleId}-1.0.0.zip.part`);
    const child = spawn(process.execPath, [bin, '--state', path.join(dir, 'state.json'), 'install', bundleId, '--limit-rate', '1M'], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // kill it once a good part of the file is on disk
    for (let i = 0; i < 1200; i++) {
      if (fs.existsSync(part) && fs.statSync(part).size > 1.5 * 2 ** 20) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = fs.statSync(part).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(pkg.length);

    const resumed = await run(['install', bundleId]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(new RegExp(`Resuming ${bundleId.replace(/\./g, '\\.')} at \\d+ of ${pkg.length} bytes`));
    expect(resumed.out).toMatch(/sha256 verified/);
    const file = path.join(appsDir, `${bundleId}-1.0.0.zip`);
    expect(fs.readFileSync(file).equals(pkg)).toBe(true);
    expect(fs.existsSync(part)).toBe(false);

    const list = await run(['list']);
    expect(list.out).toMatch(new RegExp(`${bundleId.replace(/\./g, '\\.')}\\s+1\\.0\\.0\\s+build 1`));
    expect((await run(['install', bundleId])).out).toMatch(/up to date/);
  }, 120_000);

  it('finds and installs updates', async () => {
    await releaseVersion(
      store.app,
      store.ctx,
      dev,
      bundleId,
      { version: '1.1.0', buildNumber: 2, permissions: ['camera'] },
      { reviewer: mod },
    );
    const ups = await run(['updates']);
    expect(ups.code, ups.err).toBe(0);
    expect(ups.out).toMatch(/1\.0\.0 → 1\.1\.0 \(build 2/);
    expect(ups.out).toMatch(/new permissions: camera/);
    const upd = await run(['update', '--all']);
    expect(upd.code, upd.err).toBe(0);
    expect(upd.out).toMatch(/Installed .* 1\.1\.0/);
    expect(fs.existsSync(path.join(dir, 'apps', `${bundleId}-1.0.0.zip`))).toBe(false);
    expect((await run(['updates'])).out).toMatch(/up to date/);
  }, 120_000);

  it('refuses metadata whose signature does not match the offer', async () => {
    const { verifySignedMetadata } = await import('../lib/verify.mjs');
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
    const build = (await store.app.inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/builds/2`, headers: dev.headers })).json().build;
    expect(verifySignedMetadata(build.signedMetadata, state.keys, { sha256: build.sha256 }).bundleId).toBe(bundleId);
    expect(() => verifySignedMetadata(build.signedMetadata, state.keys, { sha256: 'f'.repeat(64) })).toThrow(/refusing to install/);
    const [h, p, s] = build.signedMetadata.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sha256: 'f'.repeat(64) })).toString(
      'base64url',
    );
    expect(() => verifySignedMetadata(`${h}.${forged}.${s}`, state.keys, {})).toThrow(/does not verify/);
  }, 60_000);
});
