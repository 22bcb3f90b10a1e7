/**
 * bench:cluster — a mixed workload (60% browse/search, 25% app detail, 10% reviews read/write,
 * 5% purchases) against 2 API processes + 1 worker + 1 scheduler on PostgreSQL, RabbitMQ and
 * Redis, while a fault script cuts RabbitMQ off (through a loopback proxy, so the shared broker
 * keeps running) and FLUSHALLs Redis (a private redis-server). The same workload runs against
 * the single-process SQLite store for comparison. Clients retry 503s (and 409 key-in-use) with
 * the same Idempotency-Key, as the contract tells them to; the audit must be clean at the end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';
import { bundleMain, call, freshPgDatabase, type OrchardProcess, startRole } from '../src/testing/cluster.js';
import { PrivateRedis } from '../src/testing/redis-server.js';
import { TcpProxy } from '../src/testing/tcp-proxy.js';
import { benchArgs, machineLine, percentile, progress, report, round } from './lib/report.js';

const args = benchArgs('cluster', 'Mixed workload on a 2-API cluster (with faults) and on the single SQLite process.', {
  apps: { type: 'string', default: '20000', description: 'apps seeded into each store' },
  seconds: { type: 'string', default: '60', description: 'duration of each workload run' },
  connections: { type: 'string', default: '32', description: 'concurrent clients' },
  shoppers: { type: 'string', default: '60', description: 'signed-up shoppers used by the clients' },
  'pg-url': {
    type: 'string',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    description: 'PostgreSQL server (a fresh database is created)',
  },
  'amqp-url': { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672', description: 'RabbitMQ' },
  'skip-single': { type: 'boolean', default: false, description: 'only run the cluster' },
});

const seconds = Number(args.seconds);
const connections = Number(args.connections);
const nApps = Number(args.apps);

type Kind = 'browse' | 'search' | 'detail' | 'reviewRead' | 'reviewWrite' | 'purchase';
interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
}

const rand = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const categories = ['productivity', 'games', 'utilities', 'photo-video', 'education', 'music', 'finance', 'travel'];

async function catalogOf(env: Record<string, string>) {
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const database = createDatabase(config);
  try {
    const rows = await database.db.selectFrom('apps').select(['bundle_id', 'name', 'price_minor']).where('status', '=', 'live').execute();
    return {
      free: rows.filter((r) => Number(r.price_minor) === 0).map((r) => r.bundle_id),
      paid: rows.filter((r) => Number(r.price_minor) > 0).map((r) => r.bundle_id),
      words: [...new Set(rows.slice(0, 5000).flatMap((r) => r.name.toLowerCase().split(/\s+/)))].filter((w) => w.length > 3),
    };
  } finally {
    await database.close();
  }
}

async function runWorkload(apis: string[], env: Record<string, string>, faults?: () => Promise<void>) {
  const cat = await catalogOf(env);
  progress(`  preparing ${args.shoppers} shoppers`);
  const shoppers: Array<{ h: Record<string, string>; free: string }> = [];
  for (let i = 0; i < Number(args.shoppers); i++) {
    const api = apis[i % apis.length] as string;
    const s = await call(api, 'POST', '/api/v1/auth/signup', {
      email: `bench-${Date.now()}-${i}@example.test`,
      password: 'correct horse battery',
      displayName: `Bench ${i}`,
    });
    const h = { authorization: `Bearer ${s.json.token}` };
    const free = rand(cat.free);
    await call(
      api,
      'POST',
      '/api/v1/purchases',
      { bundleId: free, country: 'US', paymentToken: 'tok_ok' },
      { ...h, 'idempotency-key': `get-${free}-${i}-${Date.now()}` },
    );
    shoppers.push({ h, free });
  }
  const samples: Sample[] = [];
  const end = Date.now() + seconds * 1000;
  let purchases = 0;
  const one = async (api: string): Promise<Sample> => {
    const r = Math.random();
    const t0 = performance.now();
    const done = (kind: Kind, ok: boolean): Sample => ({ kind, ok, ms: performance.now() - t0 });
    if (r < 0.3) {
      const res = await call(api, 'GET', `/api/v1/categories/${rand(categories)}/apps?limit=20`);
      return done('browse', res.status === 200);
    }
    if (r < 0.6) {
      const res = await call(api, 'GET', `/api/v1/search?q=${encodeURIComponent(rand(cat.words))}&limit=20`);
      return done('search', res.status === 200);
    }
    if (r < 0.85) {
      const res = await call(api, 'GET', `/api/v1/apps/${rand(Math.random() < 0.5 ? cat.free : cat.paid)}`);
      return done('detail', res.status === 200);
    }
    const s = rand(shoppers);
    if (r < 0.92) {
      const res = await call(api, 'GET', `/api/v1/apps/${s.free}/reviews?sort=helpful`);
      return done('reviewRead', res.status === 200);
    }
    if (r < 0.95) {
      const res = await call(
        api,
        'POST',
        `/api/v1/apps/${s.free}/reviews`,
        {
          rating: 1 + Math.floor(Math.random() * 5),
          title: 'Bench review',
          body: `Tried the export and the widget after the update; sync took ${Math.floor(Math.random() * 9)} seconds.`,
        },
        s.h,
      );
      return done('reviewWrite', res.status === 200 || res.status === 201);
    }
    // a purchase: retried with the same key on 503 / 409 key-in-use, as clients are told to
    const key = `bench-${Date.now()}-${Math.random()}`;
    const bundleId = rand(cat.paid);
    purchases++;
    for (let i = 0; i < 8; i++) {
      const res = await call(
        rand(apis),
        'POST',
        '/api/v1/purchases',
        { bundleId, country: 'US', paymentToken: 'tok_ok' },
        { ...s.h, 'idempotency-key': key },
      );
      if (res.status === 201 || (res.status === 409 && res.json?.code === 'already_owned')) return done('purchase', true);
      if (res.status !== 503 && !(res.status === 409 && res.json?.code === 'idempotency_key_in_use')) return done('purchase', false);
      await new Promise((r2) => setTimeout(r2, Math.min(2000, 100 * 2 ** i)));
    }
    return done('purchase', false);
  };
  const faultRun = faults?.();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const api = apis[c % apis.length] as string;
      while (Date.now() < end) {
        try {
          samples.push(await one(api));
        } catch {
          samples.push({ kind: 'browse', ms: 0, ok: false });
        }
      }
    }),
  );
  await faultRun;
  const all = samples.map((s) => s.ms);
  const byKind = Object.fromEntries(
    (['browse', 'search', 'detail', 'reviewRead', 'reviewWrite', 'purchase'] as Kind[]).map((k) => {
      const xs = samples.filter((s) => s.kind === k);
      return [
        k,
        {
          n: xs.length,
          p50Ms: round(
            percentile(
              xs.map((s) => s.ms),
              50,
            ),
          ),
          p99Ms: round(
            percentile(
              xs.map((s) => s.ms),
              99,
            ),
          ),
          failed: xs.filter((s) => !s.ok).length,
        },
      ];
    }),
  );
  return {
    requests: samples.length,
    requestsPerSec: round(samples.length / seconds, 0),
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(percentile(all, 99)),
    successRatio: round(samples.filter((s) => s.ok).length / Math.max(1, samples.length), 5),
    purchases,
    byKind,
  };
}

function audit(bundle: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bundle, 'audit'], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
  const line = r.stdout
    .trim()
    .split('\n')
    .findLast((l) => l.includes('"duplicateCharges"'));
  return { exit: r.status, ...(line ? JSON.parse(line) : {}) };
}

function seed(bundle: string, env: Record<string, string>) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bundle, 'seed', '--apps', String(nApps), '--users', '1000'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('seed failed');
  progress(`  seeded ${nApps} apps in ${round((performance.now() - t0) / 1000, 1)} s`);
}

async function main() {
  const bundle = await bundleMain();
  const procs: OrchardProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const common = {
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      REVIEWS_PER_HOUR: '10000',
      RATE_LIMIT_PER_MINUTE: '1000000',
      NODE_ENV: 'production',
    };
    // --- cluster ---
    progress('cluster: PostgreSQL + RabbitMQ (through a cut-able proxy) + private Redis; 2 api, 1 worker, 1 scheduler');
    const db = await freshPgDatabase(args['pg-url'], 'orchard_bench');
    cleanups.push(db.drop);
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.stop());
    const amqp = new URL(args['amqp-url']);
    const proxy = await TcpProxy.start({ host: amqp.hostname, port: Number(amqp.port || 5672) });
    cleanups.push(() => proxy.down());
    amqp.hostname = '127.0.0.1';
    amqp.port = String(proxy.port);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-cluster-'));
    const env = {
      ...common,
      DATABASE_URL: db.url,
      AMQP_URL: amqp.toString(),
      AMQP_PREFIX: `bench${Date.now()}.`,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
    };
    seed(bundle, env);
    procs.push(
      ...(await Promise.all([
        startRole(bundle, 'api', env),
        startRole(bundle, 'api', env),
        startRole(bundle, 'worker', { ...env, LOG_LEVEL: 'info' }),
        startRole(bundle, 'scheduler', { ...env, LOG_LEVEL: 'info' }),
      ])),
    );
    const apis = procs.filter((p) => p.url).map((p) => p.url as string);
    const faultLog: string[] = [];
    const faults = async () => {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 4));
      faultLog.push('rabbitmq cut for 10 s');
      progress('  fault: RabbitMQ cut off');
      await proxy.down();
      await new Promise((r) => setTimeout(r, 10_000));
      await proxy.up();
      progress('  fault: RabbitMQ back');
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 4));
      faultLog.push('redis FLUSHALL');
      progress('  fault: Redis FLUSHALL');
      const r = new Redis(redis.url);
      await r.flushall();
      r.disconnect();
    };
    progress(`  workload: ${seconds} s, ${connections} clients`);
    const cluster = await runWorkload(apis, env, faults);
    // let the outbox drain, then check the money
    await new Promise((r) => setTimeout(r, 3000));
    const clusterAudit = audit(bundle, env);
    progress(`  cluster: ${JSON.stringify({ ...cluster, byKind: undefined })} audit=${JSON.stringify(clusterAudit)}`);
    for (const p of procs.splice(0)) await p.stop();

    // --- single process, SQLite ---
    let single: Awaited<ReturnType<typeof runWorkload>> | undefined;
    let singleAudit: ReturnType<typeof audit> | undefined;
    if (!args['skip-single']) {
      progress('single: one process (role all) on SQLite, in-process events and cache');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-single-'));
      const senv = { ...common, DATA_DIR: dir };
      seed(bundle, senv);
      const p = await startRole(bundle, 'all', senv, 120_000);
      procs.push(p);
      single = await runWorkload([p.url as string], senv);
      singleAudit = audit(bundle, senv);
      await p.stop();
      procs.splice(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });

    const row = (name: string, r: typeof cluster, a: ReturnType<typeof audit>) =>
      `| ${name} | ${r.requestsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${(r.successRatio * 100).toFixed(3)}% | ${r.purchases} | ${a.exit === 0 ? 'clean' : `FAILED ${JSON.stringify(a)}`} |`;
    const kinds = (r: typeof cluster) =>
      Object.entries(r.byKind)
        .map(([k, v]) => `${k} ${v.n} req, p50 ${v.p50Ms} ms, p99 ${v.p99Ms} ms, ${v.failed} failed`)
        .join('; ');
    const md = [
      `${nApps.toLocaleString()} seeded apps, ${connections} clients for ${seconds} s each; ${machineLine()}.`,
      `Cluster faults during its run: ${faultLog.join(', ')}.`,
      '',
      '| setup | req/s | p50 ms | p99 ms | success | purchases | audit |',
      '|---|---|---|---|---|---|---|',
      row('2 api + worker + scheduler, PostgreSQL + RabbitMQ + Redis', cluster, clusterAudit),
      ...(single && singleAudit ? [row('1 process, SQLite (embedded)', single, singleAudit)] : []),
      '',
      `Cluster by kind: ${kinds(cluster)}.`,
      ...(single ? [`Single by kind: ${kinds(single)}.`] : []),
    ].join('\n');
    report('cluster', 'Cluster: mixed workload with faults', md, {
      apps: nApps,
      clusterRequestsPerSec: cluster.requestsPerSec,
      clusterP50Ms: cluster.p50Ms,
      clusterP99Ms: cluster.p99Ms,
      clusterSuccessRatio: cluster.successRatio,
      singleRequestsPerSec: single?.requestsPerSec,
      singleP50Ms: single?.p50Ms,
      singleP99Ms: single?.p99Ms,
      singleSuccessRatio: single?.successRatio,
    });
  } finally {
    for (const p of procs) p.child.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c().catch(() => {});
    fs.rmSync(bundle, { force: true });
  }
}

await main();
