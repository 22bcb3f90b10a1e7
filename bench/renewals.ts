/**
 * bench:renewals — one renewal pass over N due subscriptions (sandbox provider) on SQLite and/or
 * PostgreSQL: renewals per second with several schedulers racing the same pass, then an audit
 * (double charges per subscription and period, missed renewals, the commerce money audit).
 * Also measures server-notification delivery throughput to a local receiver.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { ManualClock } from '../src/platform/clock.js';
import { newId } from '../src/platform/ids.js';
import { freshPgDatabase } from '../src/testing/cluster.js';
import { benchArgs, progress, report, round, rssMb } from './lib/report.js';

const args = benchArgs('renewals', 'Renewal-pass throughput and audit over N due subscriptions; webhook delivery throughput.', {
  subscriptions: { type: 'string', default: '200000', description: 'due subscriptions to renew' },
  dialects: { type: 'string', default: 'sqlite', description: 'sqlite and/or postgres (comma-separated)' },
  'pg-url': {
    type: 'string',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    description: 'PostgreSQL server for the postgres run',
  },
  schedulers: { type: 'string', default: '2', description: 'renewal passes racing each other' },
  batch: { type: 'string', default: '500', description: 'RENEWAL_BATCH' },
  notifications: { type: 'string', default: '2000', description: 'notifications delivered to a local receiver' },
});

const N = Number(args.subscriptions);
const schedulers = Math.max(1, Number(args.schedulers));
const T0 = '2026-06-01T00:00:00.000Z';
const PER_USER = 100; // subscriptions per user: one per group

async function runDialect(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-bench-renewals-'));
  const env: Record<string, string | undefined> = {
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RENEWAL_BATCH: args.batch,
    NOTIFICATIONS_ALLOW_LOOPBACK: 'true',
    PASSWORD_HASH_MEMORY_KIB: '8192',
    PASSWORD_HASH_ITERATIONS: '1',
    SESSION_TTL_DAYS: '365',
  };
  let dropDb: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    const db = await freshPgDatabase(args['pg-url'], 'orchard_bench_renewals');
    env.DATABASE_URL = db.url;
    env.DATABASE_POOL_SIZE = '10';
    dropDb = db.drop;
  }
  const clock = new ManualClock('2026-05-01T00:00:00Z');
  const ctx = await createContext(loadConfig(env), { clock });
  const app = await buildApp(ctx, { web: false, rateLimit: false });
  await app.ready();
  try {
    progress(`[${dialect}] setting up ${N.toLocaleString()} due subscriptions…`);
    const signup = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: 'bench-dev@example.test', password: 'correct horse battery', displayName: 'Bench' },
    });
    const headers = { authorization: `Bearer ${signup.json().token}` };
    await app.inject({ method: 'POST', url: '/api/v1/developers', headers, payload: { name: 'Bench Studio' } });
    const bundleId = 'com.bench.subs';
    await app.inject({ method: 'POST', url: '/api/v1/apps', headers, payload: { bundleId, name: 'Bench Subs', category: 'Utilities' } });
    await app.inject({ method: 'POST', url: `/api/v1/apps/${bundleId}/publish`, headers });
    const appRow = await ctx.db.selectFrom('apps').select(['id']).where('bundle_id', '=', bundleId).executeTakeFirstOrThrow();
    const template = await ctx.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    const now = clock.now().toISOString();
    const users = Math.ceil(N / PER_USER);
    const groups = Math.min(PER_USER, N);
    const db = ctx.db;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < users; i += 500) {
        const rows = Array.from({ length: Math.min(500, users - i) }, (_, k) => ({
          ...template,
          id: newId(),
          email: `bench-${i + k}@example.test`,
        }));
        await trx.insertInto('users').values(rows).execute();
      }
      const groupRows = Array.from({ length: groups }, (_, g) => ({
        id: `grp_${g}`,
        app_id: appRow.id,
        name: `Group ${g}`,
        created_at: now,
      }));
      await trx.insertInto('subscription_groups').values(groupRows).execute();
      const productRows = groupRows.map((g, k) => ({
        id: `sp_${k}`,
        app_id: appRow.id,
        group_id: g.id,
        product_id: `plan.${k}`,
        name: `Plan ${k}`,
        period: 'month' as const,
        level: 1,
        intro_type: null,
        intro_periods: 0,
        status: 'active' as const,
        created_at: now,
        updated_at: now,
      }));
      await trx.insertInto('subscription_products').values(productRows).execute();
      await trx
        .insertInto('subscription_prices')
        .values(
          productRows.map((p) => ({ sub_product_id: p.id, country: 'US', price_minor: 499, currency: 'USD', intro_price_minor: null })),
        )
        .execute();
    });
    const userIds = (
      await db.selectFrom('users').select('id').where('email', 'like', 'bench-%@example.test').orderBy('email').execute()
    ).map((r) => r.id);
    for (let i = 0; i < N; i += 1000) {
      await db.transaction().execute(async (trx) => {
        const rows = Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
          const n = i + k;
          const g = n % groups;
          const otid = newId();
          return {
            id: newId(),
            user_id: userIds[Math.floor(n / PER_USER)] as string,
            app_id: appRow.id,
            group_id: `grp_${g}`,
            sub_product_id: `sp_${g}`,
            renew_product_id: `sp_${g}`,
            original_transaction_id: otid,
            status: 'active' as const,
            auto_renew: 1,
            period_index: 0,
            attempt: 0,
            period_start: '2026-05-01T00:00:00.000Z',
            expires_at: T0,
            next_attempt_at: T0,
            grace_until: null,
            retry_until: null,
            country: 'US',
            currency: 'USD',
            price_minor: 499,
            renew_price_minor: 499,
            price_consent: 'none' as const,
            offer: null,
            payment_token: 'tok_ok',
            expiration_reason: null,
            last_transaction_id: otid,
            created_at: now,
            updated_at: now,
          };
        });
        for (let j = 0; j < rows.length; j += 250)
          await trx
            .insertInto('subscriptions')
            .values(rows.slice(j, j + 250))
            .execute();
      });
      if ((i / 1000) % 50 === 0) progress(`  inserted ${Math.min(N, i + 1000).toLocaleString()} / ${N.toLocaleString()}`);
    }

    progress(`[${dialect}] renewal pass: ${schedulers} scheduler(s) racing…`);
    clock.set(T0);
    const { lifecycle } = ctx.services.subscriptions;
    const t0 = performance.now();
    let done = false;
    const ticker = setInterval(async () => {
      if (done) return;
      const r = await db
        .selectFrom('subscriptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('period_index', '=', 1)
        .executeTakeFirst();
      progress(`  renewed ${Number(r?.n ?? 0).toLocaleString()} / ${N.toLocaleString()} (${round((performance.now() - t0) / 1000, 1)} s)`);
    }, 5000);
    const passes = await Promise.all(Array.from({ length: schedulers }, () => lifecycle.runPass()));
    done = true;
    clearInterval(ticker);
    const seconds = (performance.now() - t0) / 1000;
    const renewed = passes.reduce((a, p) => a + p.renewed, 0);

    progress(`[${dialect}] auditing…`);
    const charges = await ctx.services.commerce.provider.scanCharges('', 10_000_000);
    const perPeriod = new Map<string, number>();
    for (const c of charges) {
      if (!c.idempotencyKey.startsWith('sub_') || (c.status !== 'succeeded' && c.status !== 'refunded')) continue;
      const [, sub, period] = c.idempotencyKey.split('_');
      const k = `${sub}_${period}`;
      perPeriod.set(k, (perPeriod.get(k) ?? 0) + 1);
    }
    const doubleCharges = [...perPeriod.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const missed = Number(
      (
        await db
          .selectFrom('subscriptions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('period_index', '=', 0)
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const audit = await ctx.services.commerce.audit();

    // webhook delivery throughput to a local receiver
    const M = Number(args.notifications);
    let received = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await app.inject({
      method: 'PUT',
      url: `/api/v1/developers/me/apps/${bundleId}/notifications/settings`,
      headers,
      payload: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` },
    });
    const svc = ctx.services.notifications;
    const e0 = performance.now();
    for (let i = 0; i < M; i += 200)
      await db.transaction().execute(async (trx) => {
        for (let k = i; k < Math.min(M, i + 200); k++)
          await svc.enqueue(trx, appRow.id, 'TEST', null, { bundleId, environment: 'sandbox' });
      });
    const enqueueSeconds = (performance.now() - e0) / 1000;
    const d0 = performance.now();
    while ((await svc.deliverDue(200)) > 0) {}
    const deliverSeconds = (performance.now() - d0) / 1000;
    server.closeAllConnections();
    server.close();

    return {
      dialect,
      renewed,
      seconds: round(seconds, 1),
      renewalsPerSecond: round(renewed / seconds, 0),
      doubleCharges,
      missedRenewals: missed,
      audit: {
        duplicateCharges: audit.duplicateCharges,
        orphanCharges: audit.orphanCharges,
        unbalancedTransactions: audit.unbalancedTransactions,
      },
      notificationsPerSecond: round(received / deliverSeconds, 0),
      signedNotificationsPerSecond: round(M / enqueueSeconds, 0),
      rssMb: rssMb(),
      loadAverage: round(os.loadavg()[0] ?? 0, 1),
    };
  } finally {
    await app.close();
    await ctx.close();
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const d of args.dialects.split(',').map((s) => s.trim()) as Array<'sqlite' | 'postgres'>) {
  const r = await runDialect(d);
  progress(JSON.stringify(r));
  results.push(r);
}
const rows = results.map(
  (r) =>
    `| ${r.dialect} | ${r.renewed.toLocaleString()} | ${r.seconds} | **${r.renewalsPerSecond.toLocaleString()}** | ${r.doubleCharges} | ${r.missedRenewals} | ${r.audit.duplicateCharges}/${r.audit.orphanCharges}/${r.audit.unbalancedTransactions} | ${r.notificationsPerSecond.toLocaleString()} | ${r.signedNotificationsPerSecond.toLocaleString()} | ${r.loadAverage} |`,
);
const md = `One renewal pass over ${N.toLocaleString()} due monthly subscriptions (sandbox provider in its own SQLite file,
receipts signed per renewal, ledger posted, two events each), ${schedulers} passes racing; then the audit: charges per
(subscription, period) from the provider's records, subscriptions left unrenewed, and \`orchard audit\`'s money checks.
Webhook delivery: signed notifications POSTed to a local HTTP receiver (apps in parallel, one app here: sequential).
"load avg" is the 1-minute load average at the end of the run: on a 2-core machine anything above 2 means the
figures are shares of a contended CPU, not what the code does alone.

| dialect | renewed | seconds | renewals/s | double charges | missed | audit dup/orphan/unbalanced | webhooks/s | notifications signed/s | load avg |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
const first = results[0];
report('renewals', 'Subscription renewals (`npm run bench:renewals`)', md, {
  subscriptions: N,
  renewalsPerSecond: first?.renewalsPerSecond ?? 0,
  doubleCharges: results.reduce((a, r) => a + r.doubleCharges, 0),
  missedRenewals: results.reduce((a, r) => a + r.missedRenewals, 0),
  ...Object.fromEntries(results.map((r) => [`${r.dialect}RenewalsPerSecond`, r.renewalsPerSecond])),
  webhooksPerSecond: first?.notificationsPerSecond ?? 0,
});
