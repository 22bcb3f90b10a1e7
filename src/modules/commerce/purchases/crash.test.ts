/**
 * Crash tests for real: a server child process SIGKILLs itself at a named point of the purchase
 * flow (FAULT_CRASH_AT, honoured only with NODE_ENV=test), is restarted on the same data, and the
 * shopper retries with the same Idempotency-Key: exactly one charge and one purchase.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountOver, call, freshPgDatabase } from '../../../testing/cluster.js';
import { testEnv } from '../../../testing/env.js';
import { dialects } from '../../../testing/harness.js';
import { serverEnv, serverProcesses } from '../../../testing/processes.js';
import { freePort } from '../../../testing/redis-server.js';

const { run, startServer } = serverProcesses();

for (const dialect of dialects) {
  describe(`purchase crash recovery [${dialect}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-crash-'));
    const dbName = `orchard_crash_${crypto.randomBytes(4).toString('hex')}`;
    const children: ChildProcess[] = [];
    let dropDb: (() => Promise<void>) | undefined;

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      await dropDb?.();
    });

    it('SIGKILL right after the provider charge, then at the last commit: retries end with one charge and one purchase', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = serverEnv(dataDir, port, {
        PURCHASE_KEY_LOCK_MS: '1000',
        // leave the pending purchase to the shopper's retry, not to the reconciliation job
        RECONCILE_AFTER_MS: '600000',
      });
      if (dialect === 'postgres') {
        const db = await freshPgDatabase(testEnv.postgresUrl as string, 'orchard_crash');
        dropDb = db.drop;
        env.DATABASE_URL = db.url;
      }

      // 1. a server that dies right after the provider charged
      let server = await startServer({ ...env, FAULT_CRASH_AT: 'after_charge' }, url);
      children.push(server.child);
      const devAuth = await accountOver(url, `dev-${dbName}@example.test`, 'Crash Studio');
      const bundleId = `com.crash.${dbName.replaceAll('_', '')}`;
      expect(
        (await call(url, 'POST', '/api/v1/apps', { bundleId, name: 'Crashy', category: 'Utilities', priceMinor: 799 }, devAuth)).status,
      ).toBe(201);
      expect((await call(url, 'POST', `/api/v1/apps/${bundleId}/publish`, undefined, devAuth)).status).toBe(200);
      const auth = { ...(await accountOver(url, `buyer-${dbName}@example.test`)), 'idempotency-key': `crash-${crypto.randomUUID()}` };
      const body = { bundleId, country: 'US', paymentToken: 'tok_ok' };
      await expect(call(url, 'POST', '/api/v1/purchases', body, auth)).rejects.toThrow();
      expect(await server.exited).toBe('SIGKILL');

      // 2. restarted, it dies again just before the final commit (charged, nothing recorded yet)
      server = await startServer({ ...env, FAULT_CRASH_AT: 'before_finish' }, url);
      children.push(server.child);
      const retryUntilOwned = async () => {
        for (;;) {
          const r = await call(url, 'POST', '/api/v1/purchases', body, auth);
          if (r.status !== 409 || r.json.code !== 'idempotency_key_in_use') return r;
          await new Promise((res) => setTimeout(res, 300)); // the dead owner's lease runs out
        }
      };
      await expect(retryUntilOwned()).rejects.toThrow();
      expect(await server.exited).toBe('SIGKILL');

      // 3. a healthy server: the retry completes the same purchase
      server = await startServer(env, url);
      children.push(server.child);
      const done = await retryUntilOwned();
      expect(done.status, done.text).toBe(201);
      const replay = await call(url, 'POST', '/api/v1/purchases', body, auth);
      expect(replay.text).toBe(done.text);
      const owned = await call(url, 'POST', '/api/v1/purchases', body, { ...auth, 'idempotency-key': `other-${crypto.randomUUID()}` });
      expect(owned.json.code).toBe('already_owned');
      server.child.kill('SIGTERM');
      await server.exited;

      const audit = run(['audit'], env);
      let out = '';
      audit.stdout?.on('data', (d) => (out += d));
      const code = await new Promise((resolve) => audit.once('exit', resolve));
      const last = JSON.parse(out.trim().split('\n').at(-1) as string);
      expect(last).toEqual({ charges: 1, purchases: 1, entitlements: 1, duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0 });
      expect(code).toBe(0);
    }, 120_000);
  });
}
