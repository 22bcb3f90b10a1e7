/**
 * Two API processes and two workers (plus a scheduler) on one PostgreSQL, RabbitMQ and Redis:
 * shoppers buy and review through both APIs while an operator imports apps; afterwards the
 * audit is clean, both API replicas serve the new apps, the workers applied the review events,
 * and every process stops cleanly on SIGTERM.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteAmqpTopology, durableConsumerNames } from '../../src/testing/amqp.js';
import { bundleMain, call, freshPgDatabase, type OrchardProcess, startRole } from '../../src/testing/cluster.js';
import { testEnv } from '../../src/testing/env.js';

const services = Boolean(testEnv.postgresUrl && testEnv.amqpUrl && testEnv.redisUrl);

describe.runIf(services)('a cluster of api, worker and scheduler processes', () => {
  let bundle: string;
  let dropDb: () => Promise<void>;
  let env: Record<string, string>;
  const procs: OrchardProcess[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-cluster-'));
  const prefix = `c${crypto.randomBytes(4).toString('hex')}.`;

  beforeAll(async () => {
    bundle = await bundleMain();
    const db = await freshPgDatabase(testEnv.postgresUrl as string);
    dropDb = db.drop;
    env = {
      DATABASE_URL: db.url,
      AMQP_URL: testEnv.amqpUrl as string,
      AMQP_PREFIX: prefix,
      REDIS_URL: testEnv.redisUrl as string,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      EVENT_POLL_MS: '50',
    };
    const migrate = spawnSync(process.execPath, [bundle, 'migrate'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(migrate.status, migrate.stderr).toBe(0);
    // LOG_LEVEL info for non-HTTP roles: startRole waits for their 'orchard ready' line
    const started = await Promise.all([
      startRole(bundle, 'api', env),
      startRole(bundle, 'api', env),
      startRole(bundle, 'worker', { ...env, LOG_LEVEL: 'info' }),
      startRole(bundle, 'worker', { ...env, LOG_LEVEL: 'info' }),
      startRole(bundle, 'scheduler', { ...env, LOG_LEVEL: 'info' }),
    ]);
    procs.push(...started);
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (bundle) fs.rmSync(bundle, { force: true });
    await deleteAmqpTopology(prefix, await durableConsumerNames());
  });

  it('buys, reviews and imports concurrently through two APIs; the audit passes and both replicas see everything', async () => {
    const [a1, a2] = procs.filter((p) => p.role === 'api').map((p) => p.url as string) as [string, string];
    const apis = [a1, a2];
    const signup = async (api: string, tag: string) => {
      const r = await call(api, 'POST', '/api/v1/auth/signup', {
        email: `${tag}-${crypto.randomUUID()}@example.test`,
        password: 'correct horse battery',
        displayName: tag,
      });
      expect(r.status, r.text).toBe(201);
      return { authorization: `Bearer ${r.json.token}` };
    };
    const dev = await signup(a1, 'dev');
    expect((await call(a1, 'POST', '/api/v1/developers', { name: `Cluster Studio ${prefix}` }, dev)).status).toBe(201);
    const bundles: string[] = [];
    for (let i = 0; i < 6; i++) {
      const api = apis[i % 2] as string;
      const bundleId = `com.cluster.${prefix.replace('.', '')}.app${i}`;
      const created = await call(
        api,
        'POST',
        '/api/v1/apps',
        { bundleId, name: `Cluster App ${i}`, category: 'Utilities', priceMinor: 199 },
        dev,
      );
      expect(created.status, created.text).toBe(201);
      expect((await call(api, 'POST', `/api/v1/apps/${bundleId}/publish`, undefined, dev)).status).toBe(200);
      bundles.push(bundleId);
    }

    // an operator import runs in its own process at the same time as the shoppers
    const importFile = path.join(dataDir, 'import.jsonl');
    const imported = Array.from({ length: 40 }, (_, i) => ({
      bundleId: `com.imported.${prefix.replace('.', '')}.n${i}`,
      name: `Imported Zephyrine ${i}`,
      developer: 'Import Co',
      category: 'Weather',
    }));
    fs.writeFileSync(importFile, imported.map((x) => JSON.stringify(x)).join('\n'));
    const importer = new Promise<number>((resolve) => {
      const c = spawnSync(process.execPath, [bundle, 'import', importFile], { env: { ...process.env, ...env }, encoding: 'utf8' });
      resolve(c.status ?? -1);
    });

    const shoppers = await Promise.all(Array.from({ length: 8 }, (_, i) => signup(apis[i % 2] as string, `shopper${i}`)));
    const results = await Promise.all(
      shoppers.flatMap((h, si) =>
        bundles.slice(0, 3).map(async (bundleId, bi) => {
          const key = `cluster-${si}-${bi}-${prefix}`;
          let r = await call(
            apis[(si + bi) % 2] as string,
            'POST',
            '/api/v1/purchases',
            { bundleId, country: 'US', paymentToken: 'tok_ok' },
            {
              ...h,
              'idempotency-key': key,
            },
          );
          // the other replica replays the same key
          const replay = await call(
            apis[(si + bi + 1) % 2] as string,
            'POST',
            '/api/v1/purchases',
            { bundleId, country: 'US', paymentToken: 'tok_ok' },
            {
              ...h,
              'idempotency-key': key,
            },
          );
          if (r.status === 409) r = replay;
          expect(r.status, r.text).toBe(201);
          const review = await call(
            apis[(si + bi + 1) % 2] as string,
            'POST',
            `/api/v1/apps/${bundleId}/reviews`,
            {
              rating: 4,
              title: 'Solid',
              body: `Shopper ${si} finds the offline sync and the widget reliable after the latest update.`,
            },
            h,
          );
          expect([200, 201]).toContain(review.status);
          return r.json.purchase.id as string;
        }),
      ),
    );
    expect(new Set(results).size).toBe(24);
    expect(await importer).toBe(0);

    // the workers score every review (status leaves 'pending'), whichever worker got the event
    const deadline = Date.now() + 90_000;
    for (const bundleId of bundles.slice(0, 3)) {
      for (;;) {
        const r = await call(a2, 'GET', `/api/v1/apps/${bundleId}/reviews?sort=recent`);
        const reviews = (r.json?.reviews ?? []) as Array<{ status?: string }>;
        if (reviews.length === 8 && reviews.every((x) => x.status !== 'pending')) break;
        if (Date.now() > deadline) throw new Error(`reviews not processed for ${bundleId}: ${r.text.slice(0, 500)}`);
        await new Promise((res) => setTimeout(res, 250));
      }
    }
    // both API replicas serve the imported apps, and each one's own search index replica finds them
    for (const api of apis)
      for (const x of imported.slice(0, 5)) expect((await call(api, 'GET', `/api/v1/apps/${x.bundleId}`)).status).toBe(200);
    for (const api of apis) {
      const until = Date.now() + 30_000;
      for (;;) {
        const r = await call(api, 'GET', '/api/v1/search?q=zephyrine&limit=50');
        if (r.status === 200 && r.json.total >= imported.length && r.json.degraded === false) break;
        if (Date.now() > until) throw new Error(`${api} search replica never saw the import: ${r.text.slice(0, 300)}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    }

    const audit = spawnSync(process.execPath, [bundle, 'audit'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    const line = audit.stdout
      .trim()
      .split('\n')
      .findLast((l) => l.includes('"duplicateCharges"'));
    const last = JSON.parse(line ?? '{}');
    expect(last).toMatchObject({ purchases: 24, charges: 24, duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0 });

    // SIGTERM: every role drains and exits 0
    const codes = await Promise.all(
      procs.map(
        (p) =>
          new Promise<number | null>((resolve) => {
            p.child.once('exit', (code) => resolve(code));
            p.child.kill('SIGTERM');
          }),
      ),
    );
    expect(codes).toEqual(procs.map(() => 0));
  }, 300_000);
});
