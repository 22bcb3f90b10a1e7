/**
 * A renewal crash for real: the server's renewal job SIGKILLs the process after the provider
 * charged and before anything was recorded (FAULT_CRASH_AT=after_renewal_charge, honoured only
 * with NODE_ENV=test). A restarted server recovers the charge once its lease lapses: one charge,
 * one renewal, a clean audit.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { accountOver, call, freshPgDatabase } from '../../testing/cluster.js';
import { testEnv } from '../../testing/env.js';
import { dialects } from '../../testing/harness.js';
import { serverEnv, serverProcesses } from '../../testing/processes.js';
import { freePort } from '../../testing/redis-server.js';

const { run, startServer } = serverProcesses();

for (const dialect of dialects) {
  describe(`renewal crash recovery [${dialect}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-renewal-crash-'));
    const dbName = `orchard_rcrash_${crypto.randomBytes(4).toString('hex')}`;
    const children: ChildProcess[] = [];
    let dropDb: (() => Promise<void>) | undefined;

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      await dropDb?.();
    });

    /** Runs one statement against the store's database (the server runs in another process). */
    async function storeSql(env: Record<string, string>, text: string): Promise<Array<Record<string, unknown>>> {
      if (dialect === 'postgres') {
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        try {
          return (await c.query(text)).rows;
        } finally {
          await c.end();
        }
      }
      const db = new Database(path.join(dataDir, 'orchard.db'));
      db.pragma('busy_timeout = 10000');
      try {
        const st = db.prepare(text);
        if (st.reader) return st.all() as Array<Record<string, unknown>>;
        st.run();
        return [];
      } finally {
        db.close();
      }
    }
    const renewalCharges = () => {
      const db = new Database(path.join(dataDir, 'sandbox-provider.db'), { readonly: true });
      try {
        return db.prepare(`select idempotency_key from charges where idempotency_key like 'sub_%' and status = 'succeeded'`).all();
      } finally {
        db.close();
      }
    };

    it('SIGKILL between the renewal charge and its record: the restarted server records it once', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = serverEnv(dataDir, port, { RENEWAL_EVERY_MS: '200', RENEWAL_LEASE_MS: '1500' });
      if (dialect === 'postgres') {
        const db = await freshPgDatabase(testEnv.postgresUrl as string, 'orchard_rcrash');
        dropDb = db.drop;
        env.DATABASE_URL = db.url;
      }

      let server = await startServer({ ...env, FAULT_CRASH_AT: 'after_renewal_charge' }, url);
      children.push(server.child);
      const devAuth = await accountOver(url, `dev-${dbName}@example.test`, 'Crash Studio');
      const bundleId = `com.rcrash.${dbName.replaceAll('_', '')}`;
      expect((await call(url, 'POST', '/api/v1/apps', { bundleId, name: 'Renews', category: 'Utilities' }, devAuth)).status).toBe(201);
      expect((await call(url, 'POST', `/api/v1/apps/${bundleId}/publish`, undefined, devAuth)).status).toBe(200);
      const group = await call(url, 'POST', `/api/v1/apps/${bundleId}/subscription-groups`, { name: 'Premium' }, devAuth);
      const plan = await call(
        url,
        'POST',
        `/api/v1/apps/${bundleId}/subscriptions/products`,
        {
          productId: 'pro.monthly',
          groupId: group.json.group.id,
          name: 'Pro',
          period: 'month',
          level: 1,
          prices: [{ country: 'US', priceMinor: 999 }],
        },
        devAuth,
      );
      expect(plan.status, plan.text).toBe(201);
      const auth = await accountOver(url, `buyer-${dbName}@example.test`);
      const bought = await call(
        url,
        'POST',
        '/api/v1/purchases',
        { bundleId, productId: 'pro.monthly', country: 'US', paymentToken: 'tok_ok' },
        {
          ...auth,
          'idempotency-key': `rcrash-${crypto.randomUUID()}`,
        },
      );
      expect(bought.status, bought.text).toBe(201);
      const expires = bought.json.purchase.expiresDate as string;

      // make it due now: the next pass charges it, and the process dies before recording
      await storeSql(env, `update subscriptions set next_attempt_at = '${new Date(Date.now() - 1000).toISOString()}'`);
      expect(await server.exited).toBe('SIGKILL');
      expect(renewalCharges()).toHaveLength(1);

      // a healthy server: recovery takes the lapsed lease and records the same charge once
      server = await startServer(env, url);
      children.push(server.child);
      let sub: { expiresDate: string; status: string } | undefined;
      for (let i = 0; i < 100; i++) {
        sub = (await call(url, 'GET', '/api/v1/me/subscriptions', undefined, auth)).json.subscriptions[0];
        if (sub && sub.expiresDate !== expires) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(sub?.status).toBe('active');
      expect(Date.parse(sub?.expiresDate as string)).toBeGreaterThan(Date.parse(expires));
      await new Promise((r) => setTimeout(r, 1000)); // a few more passes change nothing
      expect(renewalCharges()).toHaveLength(1);
      server.child.kill('SIGTERM');
      await server.exited;

      const audit = run(['audit'], env);
      let out = '';
      audit.stdout?.on('data', (d) => (out += d));
      const code = await new Promise((resolve) => audit.once('exit', resolve));
      const last = JSON.parse(out.trim().split('\n').at(-1) as string);
      expect(last).toMatchObject({ charges: 2, purchases: 2, duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0 });
      expect(code).toBe(0);
    }, 120_000);
  });
}
