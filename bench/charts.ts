/**
 * bench:charts — the ranking job on a generated store (apps, 30 days of downloads from
 * accounts of mixed age, daily engagement and revenue aggregates), chart page latency in
 * process, usage ingestion and compaction throughput, recommendation training and the
 * recommendations endpoint. SQLite, one process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { bulkInsert } from '../src/db/bulk.js';
import { categories, categorySlug } from '../src/modules/catalog/categories.js';
import { DAY_MS, utcDay } from '../src/platform/clock.js';
import { newId } from '../src/platform/ids.js';
import { seedStore } from '../src/seed/seed.js';
import { benchArgs, percentile, progress, report, round, rssMb } from './lib/report.js';

const args = benchArgs('charts', 'Ranking job, chart reads, usage ingestion/compaction, recommendation training and serving.', {
  apps: { type: 'string', default: '200000', description: 'apps in the generated catalog' },
  users: { type: 'string', default: '100000', description: 'accounts that download' },
  downloads: { type: 'string', default: '2000000', description: 'download facts over the 30-day window' },
  'engaged-share': { type: 'string', default: '0.2', description: 'share of apps with 30 days of engagement aggregates' },
  events: { type: 'string', default: '100000', description: 'usage events for the ingestion figure' },
  requests: { type: 'string', default: '3000', description: 'chart page and recommendation requests timed' },
  'skip-recs': { type: 'boolean', default: false, description: 'skip recommendation training and serving (large catalogs)' },
  section: { type: 'string', default: 'charts', description: 'docs/benchmarks.md section to write (e.g. charts-2m)' },
});

const nApps = Number(args.apps);
const nUsers = Number(args.users);
const nDownloads = Number(args.downloads);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-charts-'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '1000000' });
const ctx = await createContext(config);
const app = await buildApp(ctx, { web: false, rateLimit: false });
await app.ready();

let seed = 7;
/** mulberry32: a small seeded generator. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// 1. catalog
progress(`seeding ${nApps.toLocaleString()} apps…`);
let t = performance.now();
await seedStore(ctx, {
  apps: nApps,
  users: 1000,
  onProgress: (done, total) => {
    if (done % Math.max(1, Math.floor(total / 5)) === 0) progress(`  ${done.toLocaleString()} / ${total.toLocaleString()}`);
  },
});
const seedS = (performance.now() - t) / 1000;
const appIds = (await ctx.db.selectFrom('apps').select('id').where('status', '=', 'live').execute()).map((r) => r.id);
progress(`seeded in ${round(seedS, 1)} s (${appIds.length.toLocaleString()} live apps)`);

// 2. accounts (mixed ages) and 30 days of downloads with Zipf-like popularity
t = performance.now();
const now = ctx.clock.now().getTime();
const userIds: string[] = [];
for (let off = 0; off < nUsers; off += 50_000) {
  const rows = Array.from({ length: Math.min(50_000, nUsers - off) }, (_, i) => {
    const created = new Date(now - Math.floor(rand() * 800) * DAY_MS - Math.floor(rand() * DAY_MS)).toISOString();
    const id = newId();
    userIds.push(id);
    return {
      id,
      email: `bench-${off + i}@example.test`,
      password_hash: 'x',
      display_name: `u${off + i}`,
      role: 'customer' as const,
      country: 'US',
      created_at: created,
      updated_at: created,
    };
  });
  await ctx.services.accounts.bulkLoad(ctx.database, rows, []);
}
const countries = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'CA'];
const pickIndex = () => Math.floor(appIds.length * rand() ** 3); // skewed towards the first apps
const pickApp = () => appIds[pickIndex()] as string;
const dayStrings = Array.from({ length: 30 }, (_, d) => utcDay(new Date(now - d * DAY_MS)));
const seen = new Set<number>();
let facts = 0;
while (facts < nDownloads) {
  const batch: Array<{ app_id: string; user_id: string; day: string; country: string; source: string }> = [];
  while (batch.length < 200_000 && facts + batch.length < nDownloads) {
    const u = Math.floor(rand() * nUsers);
    const a = pickIndex();
    const d = Math.floor(rand() * 30);
    const k = (a * nUsers + u) * 30 + d;
    if (seen.has(k)) continue;
    seen.add(k);
    batch.push({
      app_id: appIds[a] as string,
      user_id: userIds[u] as string,
      day: dayStrings[d] as string,
      country: countries[u % countries.length] as string,
      source: 'download',
    });
  }
  await bulkInsert(ctx.database, 'download_facts', batch);
  facts += batch.length;
  progress(`  ${facts.toLocaleString()} download facts`);
}
seen.clear();
const engaged = Math.floor(appIds.length * Number(args['engaged-share']));
for (let off = 0; off < engaged; off += 10_000) {
  const rows = [];
  for (let i = off; i < Math.min(engaged, off + 10_000); i++)
    for (let d = 0; d < 30; d++) {
      const mau = 50 + Math.floor(rand() * 5000);
      const dau = Math.floor(mau * (0.05 + rand() * 0.4));
      const cohort = Math.floor(dau * 0.1);
      rows.push({
        app_id: appIds[i] as string,
        day: utcDay(new Date(now - d * DAY_MS)),
        dau,
        mau,
        sessions: dau * 2,
        seconds: dau * 2 * Math.floor(60 + rand() * 900),
        cohort,
        d1: Math.floor(cohort * 0.4),
        d7: Math.floor(cohort * 0.15),
      });
    }
  await bulkInsert(ctx.database, 'usage_daily', rows);
}
const revenueRows = [];
for (let i = 0; i < Math.floor(appIds.length * 0.05); i++)
  for (let d = 0; d < 30; d++)
    revenueRows.push({
      app_id: appIds[(i * 7) % appIds.length] as string,
      day: utcDay(new Date(now - d * DAY_MS)),
      country: 'US',
      currency: 'USD',
      amount_minor: Math.floor(rand() * 100_000),
      purchases: 1 + Math.floor(rand() * 50),
      refunds: 0,
    });
await bulkInsert(ctx.database, 'revenue_daily', revenueRows, { onConflictDoNothing: true });
const genS = (performance.now() - t) / 1000;
progress(
  `generated ${facts.toLocaleString()} downloads, ${(engaged * 30).toLocaleString()} engagement rows, ${revenueRows.length.toLocaleString()} revenue rows in ${round(genS, 1)} s`,
);

// 3. the ranking job (twice: the second run also computes movement against the first)
const run1 = await ctx.services.charts.compute(ctx.db);
progress(`ranking run 1: ${run1.durationMs} ms ${JSON.stringify(run1.phasesMs)}`);
const run2 = await ctx.services.charts.compute(ctx.db);
progress(`ranking run 2: ${run2.durationMs} ms ${JSON.stringify(run2.phasesMs)} (${run2.lists} lists, ${run2.entries} entries)`);
const rssAfterRank = rssMb();

// 4. chart pages in process (HTTP through inject; after one warm-up request per list)
const requests = Number(args.requests);
const slugs = ['all', ...categories.map(categorySlug)];
const chartUrl = () =>
  `/api/v1/charts?type=${['free', 'paid', 'grossing'][Math.floor(rand() * 3)]}&country=${countries[Math.floor(rand() * countries.length)]}&category=${slugs[Math.floor(rand() * 8)]}`;
// the first read of each list after a run is a cache miss (database + catalog summaries)
const coldMs: number[] = [];
for (const ty of ['free', 'paid', 'grossing'])
  for (const c of new Set(countries))
    for (const cat of slugs.slice(0, 8)) {
      const s = performance.now();
      await app.inject({ method: 'GET', url: `/api/v1/charts?type=${ty}&country=${c}&category=${cat}` });
      coldMs.push(performance.now() - s);
    }
const chartMs: number[] = [];
for (let i = 0; i < requests; i++) {
  const s = performance.now();
  const r = await app.inject({ method: 'GET', url: chartUrl() });
  chartMs.push(performance.now() - s);
  if (r.statusCode !== 200) throw new Error(`chart ${r.statusCode} ${r.body}`);
}

// 5. usage ingestion and compaction
const signup = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/signup',
  payload: { email: 'bench-ingest@example.test', password: 'correct horse battery', displayName: 'Bench' },
});
const headers = { authorization: `Bearer ${signup.json().token}` };
const bundles = (await ctx.db.selectFrom('apps').select('bundle_id').limit(500).execute()).map((r) => r.bundle_id);
const nEvents = Number(args.events);
t = performance.now();
for (let sent = 0; sent < nEvents; sent += 1000) {
  const events = Array.from({ length: 1000 }, (_, i) => ({
    id: `bench-${sent + i}-${Math.floor(rand() * 1e9)}`,
    type: i % 2 ? 'session' : 'app_open',
    bundleId: bundles[Math.floor(rand() * bundles.length)] as string,
    at: new Date(now - Math.floor(rand() * 3 * DAY_MS)).toISOString(),
    durationSeconds: 30 + Math.floor(rand() * 900),
  }));
  const r = await app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers, payload: { events } });
  if (r.statusCode !== 200) throw new Error(`ingest ${r.statusCode} ${r.body}`);
}
const ingestS = (performance.now() - t) / 1000;
t = performance.now();
const compacted = await ctx.services.analytics.compact(ctx.db);
const compactS = (performance.now() - t) / 1000;
progress(`ingested ${nEvents} events in ${round(ingestS, 2)} s, compacted ${compacted.events} in ${round(compactS, 2)} s`);

// 6. recommendations: training on every download, then the endpoint for users with histories
t = performance.now();
const skipRecs = args['skip-recs'];
const trained = skipRecs ? { users: 0, apps: 0, interactions: 0 } : await ctx.services.recommendations.train(ctx.db);
const trainS = (performance.now() - t) / 1000;
const rssAfterTrain = rssMb();
progress(`recommendations trained in ${round(trainS, 1)} s: ${JSON.stringify(trained)}`);
const testers: Array<Record<string, string>> = [];
for (let i = 0; i < (skipRecs ? 0 : 20); i++) {
  const s = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email: `bench-rec-${i}@example.test`, password: 'correct horse battery', displayName: 'Bench' },
  });
  const id = s.json().user.id as string;
  await bulkInsert(
    ctx.database,
    'download_facts',
    Array.from({ length: 20 + i }, (_, k) => ({
      app_id: pickApp(),
      user_id: id,
      day: utcDay(new Date(now - k * DAY_MS)),
      country: 'US',
      source: 'download',
    })),
    { onConflictDoNothing: true },
  );
  testers.push({ authorization: `Bearer ${s.json().token}` });
}
const recColdMs: number[] = [];
for (const h of testers) {
  const s = performance.now();
  await app.inject({ method: 'GET', url: '/api/v1/me/recommendations', headers: h });
  recColdMs.push(performance.now() - s);
}
const recMs: number[] = [];
for (let i = 0; i < (skipRecs ? 0 : Math.min(requests, 2000)); i++) {
  const s = performance.now();
  const r = await app.inject({ method: 'GET', url: '/api/v1/me/recommendations', headers: testers[i % testers.length] });
  recMs.push(performance.now() - s);
  if (r.statusCode !== 200) throw new Error(`recs ${r.statusCode} ${r.body}`);
}

await app.close();
await ctx.close();
fs.rmSync(dir, { recursive: true, force: true });

const figures = {
  apps: appIds.length,
  users: nUsers,
  downloadFacts: facts,
  engagementRows: engaged * 30,
  rankingMs: run2.durationMs,
  rankingFirstRunMs: run1.durationMs,
  lists: run2.lists,
  chartP50Ms: round(percentile(chartMs, 50), 3),
  chartP99Ms: round(percentile(chartMs, 99), 3),
  chartColdP50Ms: round(percentile(coldMs, 50), 3),
  chartColdP99Ms: round(percentile(coldMs, 99), 3),
  ingestEventsPerSec: Math.round(nEvents / ingestS),
  compactEventsPerSec: Math.round(compacted.events / compactS),
  recsTrainMs: Math.round(trainS * 1000),
  recsInteractions: trained.interactions,
  recsP50Ms: round(percentile(recMs, 50), 3),
  recsP99Ms: round(percentile(recMs, 99), 3),
  recsColdP50Ms: round(percentile(recColdMs, 50), 3),
  rssAfterRankMb: rssAfterRank,
  rssAfterTrainMb: rssAfterTrain,
};
const md = [
  `Generated store on SQLite: ${appIds.length.toLocaleString()} live apps, ${nUsers.toLocaleString()} accounts (ages 0–800 days), ${facts.toLocaleString()} download facts over 30 days (skewed popularity, 10 countries), ${(engaged * 30).toLocaleString()} daily engagement rows, ${revenueRows.length.toLocaleString()} daily revenue rows. Seeding ${round(seedS, 1)} s, generating ${round(genS, 1)} s.`,
  '',
  '| figure | value |',
  '|---|---|',
  `| ranking job (${run2.lists.toLocaleString()} lists = 32 countries × 27 categories × 3 types, ${run2.entries.toLocaleString()} entries) | ${(run2.durationMs / 1000).toFixed(1)} s (first run ${(run1.durationMs / 1000).toFixed(1)} s) |`,
  `| ranking phases (ms) | ${Object.entries(run2.phasesMs)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} |`,
  `| chart page in process (inject, cached) | p50 ${figures.chartP50Ms} ms, p99 ${figures.chartP99Ms} ms |`,
  `| chart page, first read of a list after a run (cache miss) | p50 ${figures.chartColdP50Ms} ms, p99 ${figures.chartColdP99Ms} ms |`,
  `| usage ingestion (batches of 1,000 through HTTP inject) | ${figures.ingestEventsPerSec.toLocaleString()} events/s |`,
  `| compaction | ${figures.compactEventsPerSec.toLocaleString()} events/s |`,
  `| recommendation training (${trained.users.toLocaleString()} users, ${trained.apps.toLocaleString()} apps, ${trained.interactions.toLocaleString()} interactions) | ${round(trainS, 1)} s, RSS ${rssAfterTrain} MB |`,
  `| \`GET /me/recommendations\` in process (warm serving caches) | p50 ${figures.recsP50Ms} ms, p99 ${figures.recsP99Ms} ms |`,
  `| \`GET /me/recommendations\`, first request of a user after start (cold caches) | p50 ${figures.recsColdP50Ms} ms |`,
].join('\n');
console.log(md);
report(args.section, `Charts, analytics and recommendations (bench:charts, ${appIds.length.toLocaleString()} apps)`, md, figures);
