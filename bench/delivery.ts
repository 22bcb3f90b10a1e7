/**
 * npm run bench:delivery — update checks over a large catalog (in process and over HTTP with
 * autocannon), then a large build uploaded and downloaded over loopback with RSS watched.
 * Server and load generator share this process and the machine's cores, so figures are a floor.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { bulkInsert } from '../src/db/bulk.js';
import { inTransaction } from '../src/db/transaction.js';
import { writeLargePackage } from '../src/modules/releases/releases.fixtures.js';
import { newVersionRow } from '../src/modules/releases/releases.repository.js';
import { newId } from '../src/platform/ids.js';
import { seedReleases } from './lib/delivery-setup.js';
import { benchArgs, percentile, progress, report, round, rssMb } from './lib/report.js';

const args = benchArgs(
  'delivery',
  'Update check over a large catalog (in process, and HTTP at N connections), then upload and download of a large build over loopback.',
  {
    apps: { type: 'string', default: '200000', description: 'apps in the catalog' },
    installed: { type: 'string', default: '200', description: 'installed apps per update check' },
    users: { type: 'string', default: '10', description: 'users (each owns `installed` random apps)' },
    iterations: { type: 'string', default: '2000', description: 'in-process update checks' },
    outdated: { type: 'string', default: '10', description: 'percent of installed apps with a newer build on sale' },
    connections: { type: 'string', default: '32', description: 'HTTP connections' },
    'http-seconds': { type: 'string', default: '10', description: 'HTTP load duration' },
    'transfer-mb': { type: 'string', default: '1024', description: 'size of the build uploaded and downloaded (MiB); 0 skips' },
    port: { type: 'string', default: '3651', description: 'loopback port (3600-3699)' },
  },
);
const N = (k: keyof typeof args) => Number(args[k]);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-delivery-'));
const port = N('port');
const config = loadConfig({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'false',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
});
const ctx = await createContext(config);
const app = await buildApp(ctx, { web: false, rateLimit: false });

try {
  const t0 = performance.now();
  const cat = await seedReleases(ctx, N('apps'), N('users'), N('installed'));
  progress(`store ready in ${round((performance.now() - t0) / 1000, 1)} s`);
  const device = { platform: 'phone' as const, osVersion: '17.0' };
  type User = (typeof cat.users)[number];
  // a device is mostly up to date: `outdated`% of its apps run build 1, the rest the current build 2
  const installedOf = (u: User, outdated: number) =>
    u.owned.map((bundleId, i) => ({ bundleId, buildNumber: (i * 100) / u.owned.length < outdated ? 1 : 2 }));
  const checkFor = (u: User, outdated: number) =>
    ctx.services.delivery.checkUpdates(ctx.db, u, { ...device, installed: installedOf(u, outdated) });
  const userAt = (i: number) => cat.users[i % cat.users.length] as User;

  const measure = async (label: string, outdated: number, cold: boolean) => {
    for (let i = 0; i < 50; i++) await checkFor(userAt(i), outdated);
    const samples: number[] = [];
    let offered = 0;
    for (let i = 0; i < N('iterations'); i++) {
      if (cold) ctx.services.releases.forget();
      const s = performance.now();
      offered += (await checkFor(userAt(i), outdated)).length;
      samples.push(performance.now() - s);
    }
    const r = {
      p50Ms: round(percentile(samples, 50)),
      p99Ms: round(percentile(samples, 99)),
      updatesPerCheck: round(offered / samples.length, 1),
    };
    progress(`in process, ${label}: ${JSON.stringify(r)}`);
    return r;
  };
  const inProcess = await measure(`${N('outdated')}% outdated`, N('outdated'), false);
  const worst = await measure('every app outdated', 100, false);
  const cold = await measure('every app outdated, release cache emptied before each check', 100, true);

  // over HTTP
  await app.listen({ port, host: '127.0.0.1' });
  const u0 = userAt(0);
  progress(`HTTP: ${N('connections')} connections for ${N('http-seconds')} s…`);
  const ac = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/updates/check`,
    method: 'POST',
    connections: N('connections'),
    duration: N('http-seconds'),
    headers: { authorization: `Bearer ${u0.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...device, installed: installedOf(u0, N('outdated')) }),
  });
  const httpFig = { checksPerSec: round(ac.requests.average, 0), p99Ms: ac.latency.p99, non2xx: ac.non2xx, errors: ac.errors };
  progress(`HTTP: ${JSON.stringify(httpFig)}`);
  // calibration: the same server answering /health/live shows what the machine allows right now
  const base = await autocannon({ url: `http://127.0.0.1:${port}/health/live`, connections: N('connections'), duration: 3 });
  const baselinePerSec = round(base.requests.average, 0);
  progress(`HTTP baseline /health/live: ${baselinePerSec}/s`);

  const transfer = N('transfer-mb') > 0 ? await transferBench(u0) : undefined;
  const figures = {
    apps: cat.apps.length,
    installed: N('installed'),
    checkP50Ms: inProcess.p50Ms,
    checkP99Ms: inProcess.p99Ms,
    updatesPerCheck: inProcess.updatesPerCheck,
    allOutdatedP99Ms: worst.p99Ms,
    coldAllOutdatedP99Ms: cold.p99Ms,
    httpChecksPerSec: httpFig.checksPerSec,
    httpP99Ms: httpFig.p99Ms,
    httpConnections: N('connections'),
    httpNon2xx: httpFig.non2xx + httpFig.errors,
    httpHealthBaselinePerSec: baselinePerSec,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 1),
    ...(transfer ?? {}),
  };
  const md = [
    `Catalog of ${cat.apps.length} apps, each with a released build (one in ten in a phased rollout); update checks with ${N('installed')} installed, owned apps.`,
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| update check in process, ${N('outdated')}% of apps outdated, p50 / p99 | ${inProcess.p50Ms} / ${inProcess.p99Ms} ms (${inProcess.updatesPerCheck} updates per answer) | p99 ≤ 10 ms |`,
    `| same, every app outdated | ${worst.p50Ms} / ${worst.p99Ms} ms (${worst.updatesPerCheck} updates) | |`,
    `| same, release cache emptied before each check (all from SQLite) | ${cold.p50Ms} / ${cold.p99Ms} ms | |`,
    `| update checks over HTTP, ${N('connections')} connections | ${httpFig.checksPerSec}/s, p99 ${httpFig.p99Ms} ms | ≥ 1,000/s |`,
    `| calibration: \`GET /health/live\` on the same server, same moment | ${baselinePerSec}/s | |`,
    ...(transfer
      ? [
          `| upload of a ${transfer.transferMb} MiB build (stream, sha256, ZIP check) | ${transfer.uploadMBps} MB/s, RSS +${transfer.uploadRssGrowthMb} MB | ≥ 200 MB/s |`,
          `| download of it through a signed URL | ${transfer.downloadMBps} MB/s, RSS +${transfer.downloadRssGrowthMb} MB | ≥ 500 MB/s, < 64 MB |`,
        ]
      : []),
    '',
    `Server and load generators (autocannon, the download client) run in one Node process on 2 cores shared with other work (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} over 1/5/15 min at the end of the run), so these are floors.`,
  ].join('\n');
  report('delivery', 'Delivery: update check, build upload and download', md, figures);
} finally {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Uploads a large build over HTTP, then downloads it through a signed URL, watching RSS. */
async function transferBench(user: { id: string; token: string; country: string }) {
  const mb = N('transfer-mb');
  const dev = await ctx.services.accounts.signup(
    ctx.db,
    { email: `bench-dev-${Date.now()}@example.test`, password: 'bench password 1', displayName: 'Dev' },
    { kind: 'device' },
  );
  const developer = await ctx.services.accounts.becomeDeveloper(ctx.db, dev.user, { name: `Bench Studio ${Date.now()}` });
  const bundleId = `com.bench.big${Date.now()}`;
  const created = await ctx.services.catalog.createApp(ctx.db, developer, { bundleId, name: 'Big', category: 'Games' });
  const file = path.join(dataDir, 'big.zip');
  progress(`writing a ${mb} MiB package…`);
  const size = await writeLargePackage(file, { bundleId, version: '1.0.0' }, mb * 2 ** 20);
  const auth = { authorization: `Bearer ${dev.token}` };
  const decl = await fetch(`http://127.0.0.1:${port}/api/v1/apps/${bundleId}/build-uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ version: '1.0.0', buildNumber: 1, platforms: ['desktop'], sizeBytes: size }),
  });
  const uploadUrl = ((await decl.json()) as { upload: { uploadUrl: string } }).upload.uploadUrl;

  progress('uploading…');
  const up = await watchRss(
    () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: uploadUrl,
            method: 'PUT',
            headers: { ...auth, 'content-type': 'application/zip', 'content-length': size },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => {
              body += c;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(req);
      }),
  );
  if (up.result.status !== 201) throw new Error(`upload failed: ${up.result.status} ${up.result.body}`);
  fs.rmSync(file);
  const build = (JSON.parse(up.result.body) as { upload: { build: { id: string } } }).upload.build;

  // put it on sale directly (the review flow is not what is measured here)
  const now = ctx.clock.now().toISOString();
  await bulkInsert(ctx.database, 'app_versions', [
    newVersionRow({
      id: newId(),
      app_id: created.id,
      bundle_id: bundleId,
      developer_id: developer.id,
      version: '1.0.0',
      state: 'READY_FOR_SALE',
      release_mode: 'automatic',
      build_id: build.id,
      released_at: now,
      created_at: now,
    }),
  ]);
  await inTransaction(ctx.db, (trx) => ctx.services.entitlements.grant(trx, { userId: user.id, appId: created.id, source: 'free' }));
  const ticket = await ctx.services.delivery.downloadTicket(ctx.db, user, bundleId);

  progress('downloading…');
  const down = await watchRss(
    () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(ticket.downloadUrl, (res) => {
            let n = 0;
            res.on('data', (c: Buffer) => {
              n += c.length;
            });
            res.on('end', () => resolve(n));
            res.on('error', reject);
          })
          .on('error', reject);
      }),
  );
  if (down.result !== size) throw new Error(`downloaded ${down.result} of ${size} bytes`);
  const mbps = (bytes: number, ms: number) => round(bytes / 1e6 / (ms / 1000), 0);
  return {
    transferMb: mb,
    uploadMBps: mbps(size, up.ms),
    uploadRssGrowthMb: up.rssGrowthMb,
    downloadMBps: mbps(size, down.ms),
    downloadRssGrowthMb: down.rssGrowthMb,
  };
}

async function watchRss<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; rssGrowthMb: number }> {
  const base = rssMb();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 50);
  const t = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - t, rssGrowthMb: Math.max(0, Math.max(peak, rssMb()) - base) };
  } finally {
    clearInterval(timer);
  }
}
