import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { categories, categorySlug } from '../src/modules/catalog/categories.js';
import { seedStore } from '../src/seed/seed.js';
import { benchArgs, progress, report, round } from './lib/report.js';
import { startBenchServer } from './lib/server.js';

const args = benchArgs('catalog', 'App-detail and category-list throughput over HTTP; optional large seeding run.', {
  apps: { type: 'string', default: '200000', description: 'apps in the catalog served over HTTP' },
  seconds: { type: 'string', default: '15', description: 'duration of each load phase' },
  connections: { type: 'string', default: '32', description: 'concurrent HTTP connections' },
  'seed-apps': { type: 'string', default: '0', description: 'also time seeding this many apps into a fresh store (e.g. 2000000)' },
  port: { type: 'string', default: '3901', description: 'port for the server under test' },
});

const apps = Number(args.apps);
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const port = Number(args.port);

async function buildStore(dir: string, n: number) {
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  const ctx = await createContext(config);
  const t0 = performance.now();
  let last = 0;
  await seedStore(ctx, {
    apps: n,
    users: Math.min(10_000, Math.ceil(n / 20)),
    onProgress: (done, total) => {
      if (done - last >= total / 20 || done === total) {
        progress(`  seeded ${done.toLocaleString()} / ${total.toLocaleString()} apps`);
        last = done;
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const ids = (await ctx.db.selectFrom('apps').select('bundle_id').where('status', '=', 'live').execute()).map((r) => r.bundle_id);
  await ctx.close();
  const file = path.join(dir, 'orchard.db');
  const dbMb = [file, `${file}-wal`].reduce((s, f) => s + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0) / 1e6;
  return { seconds, dbMb, ids };
}

async function load(title: string, pathFor: () => string) {
  progress(`  ${title}: ${seconds}s at ${connections} connections…`);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathFor() }) }],
  });
  return { rps: round(r.requests.average, 0), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.non2xx };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-catalog-'));
  progress(`building a ${apps.toLocaleString()}-app store in ${dir}`);
  const store = await buildStore(dir, apps);
  progress(`  ${round(store.seconds, 1)} s, ${round(store.dbMb, 0)} MB`);
  const { child: server } = await startBenchServer({ dataDir: dir, port });
  const rand = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;
  try {
    await load('warm-up', () => `/api/v1/apps/${rand(store.ids)}`);
    const detail = await load('app detail', () => `/api/v1/apps/${rand(store.ids)}`);
    const category = await load(
      'category list',
      () => `/api/v1/categories/${categorySlug(rand(categories))}/apps?sort=popular&limit=20&offset=${20 * Math.floor(Math.random() * 10)}`,
    );
    const home = await load('categories with counts', () => '/api/v1/categories');
    let seed2m: { apps: number; seconds: number; dbMb: number } | undefined;
    const seedApps = Number(args['seed-apps']);
    if (seedApps > 0) {
      server.kill('SIGTERM');
      const big = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-seed-'));
      progress(`seeding ${seedApps.toLocaleString()} apps into a fresh SQLite store…`);
      const s = await buildStore(big, seedApps);
      seed2m = { apps: seedApps, seconds: round(s.seconds, 1), dbMb: round(s.dbMb, 0) };
      fs.rmSync(big, { recursive: true, force: true });
    }
    const figures = {
      apps,
      connections,
      appDetailRps: detail.rps,
      appDetailP50Ms: detail.p50Ms,
      appDetailP99Ms: detail.p99Ms,
      categoryListRps: category.rps,
      categoryListP99Ms: category.p99Ms,
      categoriesRps: home.rps,
      categoriesP99Ms: home.p99Ms,
      errors: detail.errors + category.errors + home.errors,
      seedSeconds: round(store.seconds, 1),
      dbMb: round(store.dbMb, 0),
      ...(seed2m ? { bigSeedApps: seed2m.apps, bigSeedSeconds: seed2m.seconds, bigSeedDbMb: seed2m.dbMb } : {}),
    };
    const md = [
      `Catalog of ${apps.toLocaleString()} generated apps on SQLite, server in its own process, autocannon with ${connections} connections for ${seconds} s per phase on the same 2-core machine (the load generator takes one core).`,
      '',
      '| endpoint | requests/s | p50 ms | p99 ms | target |',
      '|---|---|---|---|---|',
      `| \`GET /api/v1/apps/{bundleId}\` (random apps) | ${detail.rps} | ${detail.p50Ms} | ${detail.p99Ms} | ≥ 5,000 req/s |`,
      `| \`GET /api/v1/categories/{slug}/apps\` (random category, pages 1–10) | ${category.rps} | ${category.p50Ms} | ${category.p99Ms} | |`,
      `| \`GET /api/v1/categories\` (counts) | ${home.rps} | ${home.p50Ms} | ${home.p99Ms} | |`,
      '',
      `Seeding the ${apps.toLocaleString()}-app store took ${round(store.seconds, 1)} s (database ${round(store.dbMb, 0)} MB).`,
      seed2m
        ? `Seeding ${seed2m.apps.toLocaleString()} apps into a fresh SQLite store: **${seed2m.seconds} s**, database ${seed2m.dbMb} MB (target ≤ 180 s).`
        : '',
    ].join('\n');
    report('catalog', 'Catalog over HTTP (bench:catalog)', md, figures);
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
