/**
 * Redis is only an accelerator: FLUSHALL and a full Redis stop in the middle of purchase load
 * lose or double nothing. Shoppers retry 409/5xx answers with the same Idempotency-Key, as the
 * contract tells clients to; at the end every key owns exactly one purchase and the audit is clean.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buy, seller, shopper } from '../../src/modules/commerce/test-helpers.js';
import { testEnv } from '../../src/testing/env.js';
import { createTestStore, dialects, type TestStore } from '../../src/testing/harness.js';
import { hasRedisServer, PrivateRedis } from '../../src/testing/redis-server.js';

const available = hasRedisServer();
if (!available && testEnv.redisUrl) throw new Error('redis-server is required (TEST_REDIS_URL is set) but not installed');

for (const dialect of dialects) {
  describe.runIf(available)(`purchases while Redis is flushed and stopped [${dialect}]`, () => {
    let redis: PrivateRedis;
    let store: TestStore;
    beforeAll(async () => {
      redis = await PrivateRedis.start();
      store = await createTestStore(dialect, { env: { REDIS_URL: redis.url } });
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await redis?.stop();
    });

    it('loses and doubles no purchase; the audit passes', async () => {
      const { apps } = await seller(
        store,
        Array.from({ length: 6 }, () => ({ priceMinor: 199 })),
      );
      const shoppers = await Promise.all(Array.from({ length: 8 }, () => shopper(store)));
      // every (shopper, app) pair is one purchase with its own key: 48 purchases in waves
      const jobs = shoppers.flatMap((s) => apps.map((a) => ({ s, bundleId: a.bundleId, key: `k-${crypto.randomUUID()}` })));
      const statuses: number[] = [];
      const attempt = async (j: (typeof jobs)[number]) => {
        for (let i = 0; i < 30; i++) {
          const r = await buy(store, j.s.headers, { bundleId: j.bundleId }, j.key);
          if (r.statusCode === 201) return statuses.push(201);
          if (r.statusCode !== 409 && r.statusCode < 500) throw new Error(`unexpected ${r.statusCode} ${r.body}`);
          await new Promise((res) => setTimeout(res, 50));
        }
        throw new Error('purchase never completed');
      };
      const flusher = new Redis(redis.url);
      for (let w = 0; w < jobs.length; w += 8) {
        const wave = jobs.slice(w, w + 8).map(attempt);
        if (w === 8) await flusher.flushall(); // mid-load: caches and limit windows vanish
        if (w === 16) {
          flusher.disconnect();
          await redis.stop(); // Redis gone for the middle waves
        }
        if (w === 32) await redis.restart();
        await Promise.all(wave);
      }
      expect(statuses).toHaveLength(jobs.length);
      const audit = await store.ctx.services.commerce.audit();
      expect(audit).toMatchObject({
        purchases: jobs.length,
        charges: jobs.length,
        duplicateCharges: 0,
        unbalancedTransactions: 0,
        orphanCharges: 0,
      });
      // replays still answer from the database, whatever Redis remembers
      const again = await buy(store, jobs[0]?.s.headers ?? {}, { bundleId: jobs[0]?.bundleId }, jobs[0]?.key);
      expect(again.statusCode).toBe(201);
    }, 120_000);
  });
}
