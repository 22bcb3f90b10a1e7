/**
 * `npm run bench:purchase`: purchases per second and p50/p99 latency over HTTP at 16 and 64
 * concurrent clients, on SQLite and on PostgreSQL, against a real server process started from
 * this checkout — then the store's own audit, printed beside the figures (charges = purchases =
 * entitlements, ledger balanced, no duplicate or orphan charges). Every request buys a distinct
 * (shopper, paid app) pair with its own Idempotency-Key and the sandbox token tok_ok.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { freshPgDatabase } from '../src/testing/cluster.js';
import { benchArgs, progress, repoRoot, report, round } from './lib/report.js';

const args = benchArgs(
  'purchase',
  'Purchases/s and p50/p99 at 16 and 64 clients over HTTP, SQLite and PostgreSQL, with a post-run audit.',
  {
    duration: { type: 'string', default: '10', description: 'seconds measured per client count' },
    warmup: { type: 'string', default: '2', description: 'seconds of warm-up before each dialect' },
    clients: { type: 'string', default: '16,64', description: 'concurrent clients, comma-separated' },
    dialects: { type: 'string', default: 'sqlite,postgres', description: 'sqlite and/or postgres' },
    'pg-url': {
      type: 'string',
      default: 'postgres://postgres@127.0.0.1:5432/postgres',
      description: 'PostgreSQL server (a scratch database is created)',
    },
    apps: { type: 'string', default: '1500', description: 'paid apps imported' },
    users: { type: 'string', default: '64', description: 'shoppers' },
    port: { type: 'string', default: '3470', description: 'server port (3400-3499)' },
    'node-args': { type: 'string', default: '', description: 'extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=.tmp"' },
    'dry-run': { type: 'boolean', default: false, description: 'print the figures without writing docs/benchmarks.md' },
  },
);

const duration = Number(args.duration);
const clientCounts = args.clients.split(',').map(Number);
const nApps = Number(args.apps);
const nUsers = Number(args.users);
const port = Number(args.port);
const base = `http://127.0.0.1:${port}`;
const main = path.join(repoRoot, 'dist', 'main.js');

interface Run {
  clients: number;
  /** Server CPU (user + system) per purchase: what a purchase costs whatever else runs on the machine. */
  serverCpuMsPerPurchase: number;
  purchasesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Undelivered outbox events when the load stopped, and the seconds the consumers took to clear them. */
  backlog: number;
  drainSeconds: number;
  /** Purchases over load time plus drain time: the rate the whole store (consumers included) sustains. */
  sustainedPerSec: number;
}
type Audit = Record<'charges' | 'purchases' | 'entitlements' | 'duplicateCharges' | 'unbalancedTransactions' | 'orphanCharges', number>;

/** CPU time (ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ = 100)
}

function cli(env: NodeJS.ProcessEnv, ...cmd: string[]): string {
  return execFileSync(process.execPath, [main, ...cmd], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitReady(child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('server exited');
    if (
      await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not ready');
}

async function post(p: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(base + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function bench(dialect: 'sqlite' | 'postgres'): Promise<{ runs: Run[]; audit: Audit; before: Record<string, unknown> }> {
  const dataDir = path.join(repoRoot, 'bench', '.data', `purchase-${dialect}-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    // shoppers are signed up for the run only: cheap hashing keeps set-up short
    PASSWORD_HASH_MEMORY_KIB: '8192',
    PASSWORD_HASH_ITERATIONS: '1',
  };
  delete env.DATABASE_URL;
  let dropDb: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    const db = await freshPgDatabase(args['pg-url'], 'orchard_bench');
    env.DATABASE_URL = db.url;
    dropDb = db.drop;
  }
  progress(`[${dialect}] importing ${nApps} paid apps…`);
  const file = path.join(dataDir, 'apps.jsonl');
  fs.writeFileSync(
    file,
    Array.from({ length: nApps }, (_, i) =>
      JSON.stringify({
        bundleId: `com.bench.app${i}`,
        name: `Bench ${i}`,
        developer: `Bench Dev ${i % 20}`,
        category: 'Utilities',
        priceMinor: 99 + (i % 50) * 100,
      }),
    ).join('\n'),
  );
  cli(env, 'import', file);

  const nodeArgs = args['node-args'].split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, main, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitReady(server);
    progress(`[${dialect}] signing up ${nUsers} shoppers…`);
    const tokens: string[] = [];
    for (let i = 0; i < nUsers; i++) {
      const r = await post('/api/v1/auth/signup', {
        email: `bench${i}-${process.pid}@example.test`,
        password: 'bench password 123',
        displayName: `B${i}`,
      });
      if (r.status !== 201) throw new Error(`signup ${r.status} ${JSON.stringify(r.json)}`);
      tokens.push(r.json.token as string);
    }
    let next = 0;
    const capacity = nUsers * nApps;
    const load = (clients: number, seconds: number) =>
      autocannon({
        url: base,
        connections: clients,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/purchases',
            setupRequest: (req) => {
              const i = next++;
              if (i >= capacity) throw new Error('ran out of (shopper, app) pairs: raise --apps');
              return {
                ...req,
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${tokens[i % nUsers]}`,
                  'idempotency-key': `bench-${process.pid}-${i}-xxxxxxxx`,
                },
                body: JSON.stringify({ bundleId: `com.bench.app${Math.floor(i / nUsers)}`, country: 'US', paymentToken: 'tok_ok' }),
              };
            },
          },
        ],
      });
    progress(`[${dialect}] warm-up ${args.warmup} s…`);
    await load(16, Number(args.warmup));
    const runs: Run[] = [];
    for (const clients of clientCounts) {
      progress(`[${dialect}] ${clients} clients for ${duration} s…`);
      const cpu0 = cpuMs(server.pid as number);
      const r = await load(clients, duration);
      // The consumers (analytics, notifications...) must keep up too: wait until the outbox is
      // delivered, counting that time, so a rate bought with a growing backlog does not count.
      const drainStart = Date.now();
      const pending = async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        return Number(/^orchard_outbox_pending (\d+)/m.exec(text)?.[1] ?? Number.NaN);
      };
      const backlog = await pending();
      for (let left = backlog; left > 0 && Date.now() - drainStart < 120_000; left = await pending())
        await new Promise((res) => setTimeout(res, 250));
      const drainSeconds = backlog > 0 ? (Date.now() - drainStart) / 1000 : 0;
      const cpu = cpuMs(server.pid as number) - cpu0;
      runs.push({
        clients,
        serverCpuMsPerPurchase: round(cpu / Math.max(1, r['2xx']), 2),
        purchasesPerSec: round(r['2xx'] / r.duration, 0),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        backlog,
        drainSeconds: round(drainSeconds, 1),
        sustainedPerSec: round(r['2xx'] / (r.duration + drainSeconds), 0),
      });
      progress(`[${dialect}] ${JSON.stringify(runs.at(-1))}`);
    }
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    progress(`[${dialect}] audit…`);
    const lines = cli(env, 'audit').trim().split('\n');
    const audit = JSON.parse(lines.at(-1) as string) as Audit;
    const before = JSON.parse(lines.at(-2) as string) as Record<string, unknown>;
    return { runs, audit, before };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'ensure-built.mjs'), '--quiet'], { stdio: 'inherit' });
const results: Record<string, Awaited<ReturnType<typeof bench>>> = {};
for (const d of args.dialects.split(',') as Array<'sqlite' | 'postgres'>) results[d] = await bench(d);

const figures: Record<string, number> = {};
const rows: string[] = [];
for (const [d, { runs, audit }] of Object.entries(results)) {
  for (const r of runs) {
    figures[`${d}${r.clients}PurchasesPerSec`] = r.purchasesPerSec;
    figures[`${d}${r.clients}P50Ms`] = r.p50Ms;
    figures[`${d}${r.clients}P99Ms`] = r.p99Ms;
    figures[`${d}${r.clients}Non2xx`] = r.non2xx + r.errors;
    figures[`${d}${r.clients}ServerCpuMsPerPurchase`] = r.serverCpuMsPerPurchase;
    figures[`${d}${r.clients}Backlog`] = r.backlog;
    figures[`${d}${r.clients}SustainedPerSec`] = r.sustainedPerSec;
    rows.push(
      `| ${d} | ${r.clients} | ${r.purchasesPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx + r.errors} | ${r.backlog} events, ${r.drainSeconds} s | ${r.sustainedPerSec} | ${r.serverCpuMsPerPurchase} |`,
    );
  }
  figures[`${d}AuditCharges`] = audit.charges;
  figures[`${d}AuditPurchases`] = audit.purchases;
  figures[`${d}AuditEntitlements`] = audit.entitlements;
  figures[`${d}AuditMismatches`] =
    audit.duplicateCharges +
    audit.unbalancedTransactions +
    audit.orphanCharges +
    Number(audit.charges !== audit.purchases) +
    Number(audit.purchases !== audit.entitlements);
}
/** Whether each dialect met its target at 16 clients, stated plainly next to the figures. */
function verdicts(): string[] {
  const targets = { sqlite: 2000, postgres: 1000 } as const;
  return Object.entries(results).flatMap(([d, { runs }]) => {
    const r = runs.find((x) => x.clients === 16);
    if (!r) return [];
    const met = r.purchasesPerSec >= targets[d as keyof typeof targets] && r.p99Ms <= 50;
    return [
      `- ${d} at 16 clients: ${r.purchasesPerSec}/s, p99 ${r.p99Ms} ms — target ${targets[d as keyof typeof targets]}/s with p99 ≤ 50 ms ${met ? 'met' : 'NOT met'}.`,
    ];
  });
}
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const markdown = [
  `Each request buys a distinct (shopper, paid app) pair over HTTP (autocannon in the bench process, server in a child process, ${duration} s per row after a warm-up). Targets: ≥ 1,000/s on PostgreSQL and ≥ 2,000/s on SQLite with p99 ≤ 50 ms at 16 clients, zero audit mismatches.`,
  '',
  `Machine load average when the run ended: ${load} (2 cores shared with other work; autocannon runs on the same cores).`,
  '',
  ...verdicts(),
  '',
  'Backlog is what the consumers (analytics, server notifications) had not yet delivered when the load stopped, and how long they took to catch up; sustained/s counts that time, so it is the rate the whole store keeps up with. Server CPU covers the whole server process (both threads) over load and catch-up.',
  '',
  '| dialect | clients | purchases/s | p50 ms | p99 ms | non-2xx | backlog at end | sustained/s | server CPU ms/purchase |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  'Audit after the runs (`orchard audit`, last line):',
  '',
  ...Object.entries(results).map(([d, r]) => `- ${d}: \`${JSON.stringify(r.audit)}\` (before it: \`${JSON.stringify(r.before)}\`)`),
].join('\n');
if (!args['dry-run']) report('purchase', 'Purchases (`npm run bench:purchase`)', markdown, figures);
else console.log(JSON.stringify(figures));
