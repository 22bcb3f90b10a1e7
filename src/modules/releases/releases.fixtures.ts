/**
 * Test and benchmark helpers: build packages (valid and hostile ZIPs), and walk an app through
 * upload, review and release over the HTTP API. Not imported by the server.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { AppContext } from '../../context.js';
import type { Http } from '../../http/types.js';
import { createLiveApp, signUp, signUpDeveloper, uniqueEmail } from '../../testing/harness.js';
import { MANIFEST_NAME } from './package-check.js';

export interface PackageSpec {
  bundleId: string;
  version: string;
  buildNumber?: number;
  manifest?: Record<string, unknown> | false;
  files?: Array<{ name: string; data: Buffer; compress?: boolean; mode?: number }>;
}

function zipOf(spec: PackageSpec): yazl.ZipFile {
  const zip = new yazl.ZipFile();
  if (spec.manifest !== false) {
    const m = spec.manifest ?? {
      bundleId: spec.bundleId,
      version: spec.version,
      ...(spec.buildNumber ? { buildNumber: spec.buildNumber } : {}),
    };
    zip.addBuffer(Buffer.from(JSON.stringify(m)), MANIFEST_NAME);
  }
  for (const f of spec.files ?? [{ name: 'bin/app', data: Buffer.from(`binary of ${spec.bundleId} ${spec.version}\n`.repeat(50)) }])
    zip.addBuffer(f.data, f.name, { compress: f.compress ?? true, ...(f.mode !== undefined ? { mode: f.mode } : {}) });
  zip.end();
  return zip;
}

export async function makePackage(spec: PackageSpec): Promise<Buffer> {
  const zip = zipOf(spec);
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a package of about `bytes` random (incompressible, stored) bytes to `file` without holding it in memory. */
export async function writeLargePackage(file: string, spec: Omit<PackageSpec, 'files'>, bytes: number): Promise<number> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify({ bundleId: spec.bundleId, version: spec.version })), MANIFEST_NAME);
  const { Readable } = await import('node:stream');
  const crypto = await import('node:crypto');
  let left = bytes;
  const random = new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, 1 << 20);
      left -= n;
      this.push(crypto.randomBytes(n));
    },
  });
  zip.addReadStream(random, 'bin/payload', { compress: false, size: bytes });
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file));
  return (await fs.promises.stat(file)).size;
}

/** A package whose entry name is rewritten after zipping (yazl itself refuses unsafe names). */
export async function makePackageWithName(spec: PackageSpec, safeName: string, evilName: string): Promise<Buffer> {
  if (safeName.length !== evilName.length) throw new Error('names must have the same length');
  const buf = await makePackage({ ...spec, files: [{ name: safeName, data: Buffer.from('x'.repeat(100)) }] });
  const from = Buffer.from(safeName);
  let i = buf.indexOf(from);
  while (i >= 0) {
    Buffer.from(evilName).copy(buf, i);
    i = buf.indexOf(from, i + 1);
  }
  return buf;
}

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

export interface BuildMeta {
  version: string;
  buildNumber: number;
  platforms?: string[];
  minOs?: Record<string, string>;
  releaseNotes?: string;
  permissions?: string[];
}

type Headers = Record<string, string>;

/** Gives an app an icon and a screenshot (the submission checks want both). */
export async function addMedia(app: Http, headers: Headers, bundleId: string) {
  for (const url of [`/api/v1/apps/${bundleId}/icon`, `/api/v1/apps/${bundleId}/screenshots`]) {
    const r = await app.inject({
      method: url.endsWith('icon') ? 'PUT' : 'POST',
      url,
      headers: { ...headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    if (r.statusCode >= 300) throw new Error(`media failed: ${r.statusCode} ${r.body}`);
  }
}

/** A developer with an app whose listing passes the submission checks (description, icon, screenshot). */
export async function appReadyForReview(app: Http, opts: { priceMinor?: number } = {}) {
  const dev = await signUpDeveloper(app);
  const created = await createLiveApp(app, dev, { description: 'A tidy notebook for every idea.', priceMinor: opts.priceMinor ?? 0 });
  await addMedia(app, dev.headers, created.bundleId);
  return { dev, bundleId: created.bundleId, appId: created.id };
}

/** Declares and PUTs a build; returns the raw response of the PUT. */
export async function uploadBuild(app: Http, headers: Headers, bundleId: string, meta: BuildMeta, pkg?: Buffer) {
  const body = pkg ?? (await makePackage({ bundleId, version: meta.version }));
  const decl = await app.inject({
    method: 'POST',
    url: `/api/v1/apps/${bundleId}/build-uploads`,
    headers,
    payload: { platforms: ['phone', 'tablet', 'desktop', 'tv'], ...meta, sizeBytes: body.length },
  });
  if (decl.statusCode !== 201) return decl;
  return app.inject({
    method: 'PUT',
    url: decl.json().upload.uploadUrl,
    headers: { ...headers, 'content-type': 'application/zip' },
    payload: body,
  });
}

export async function moderator(app: Http, ctx: AppContext) {
  const email = uniqueEmail('mod');
  await ctx.services.accounts.createUser(ctx.db, { email, password: 'moderator password', displayName: 'Mod', role: 'moderator' });
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'moderator password' } });
  return { authorization: `Bearer ${r.json().token}` };
}

/** Creates a version for an uploaded build, submits it, and has a moderator approve it. */
export async function releaseVersion(
  app: Http,
  ctx: AppContext,
  dev: { headers: Headers },
  bundleId: string,
  meta: BuildMeta,
  opts: { releaseMode?: 'manual' | 'automatic' | 'phased'; reviewer?: Headers } = {},
) {
  const up = await uploadBuild(app, dev.headers, bundleId, meta);
  if (up.statusCode !== 201) throw new Error(`upload failed: ${up.statusCode} ${up.body}`);
  const base = `/api/v1/apps/${bundleId}/versions`;
  const steps: Array<[string, string, unknown?]> = [
    [
      'POST',
      base,
      {
        version: meta.version,
        buildNumber: meta.buildNumber,
        releaseMode: opts.releaseMode ?? 'automatic',
        releaseNotes: 'Fixes and improvements',
      },
    ],
    ['POST', `${base}/${meta.version}/submit`],
  ];
  let versionId = '';
  for (const [method, url, payload] of steps) {
    const r = await app.inject({ method: method as 'POST', url, headers: dev.headers, ...(payload ? { payload: payload as object } : {}) });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    versionId = r.json().version.id;
  }
  const mod = opts.reviewer ?? (await moderator(app, ctx));
  for (const step of ['start', 'approve']) {
    const r = await app.inject({ method: 'POST', url: `/api/v1/review/submissions/${versionId}/${step}`, headers: mod });
    if (r.statusCode !== 200) throw new Error(`${step}: ${r.statusCode} ${r.body}`);
  }
  return { versionId, reviewer: mod };
}

export async function customer(app: Http, country?: string) {
  return signUp(app, country ? { country } : {});
}
