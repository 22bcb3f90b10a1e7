import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../testing/env.js';
import { hasRedisServer, PrivateRedis } from '../testing/redis-server.js';
import { RedisCache } from './cache-redis.js';
import { createLogger } from './logger.js';

const available = hasRedisServer();
if (!available && testEnv.redisUrl) throw new Error('redis-server is required (TEST_REDIS_URL is set) but not installed');

const until = async (cond: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.runIf(available)('redis cache', () => {
  let server: PrivateRedis;
  let a: RedisCache;
  let b: RedisCache;
  const log = createLogger({ logLevel: 'silent' });
  beforeAll(async () => {
    server = await PrivateRedis.start();
    a = new RedisCache(server.url, log);
    b = new RedisCache(server.url, log); // a second "process"
    await until(() => a.isHealthy && b.isHealthy);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it('shares values and counters between processes', async () => {
    await a.set('k1', { n: 1 }, 10_000);
    expect(await b.get('k1')).toEqual({ n: 1 });
    await b.del('k1');
    expect(await a.get('k1')).toBeUndefined();
    for (let i = 0; i < 3; i++) await a.incr('ctr', 60_000);
    const r = await b.incr('ctr', 60_000);
    expect(r.count).toBe(4);
    expect(r.resetMs).toBeGreaterThan(50_000);
    expect((await a.peek('ctr')).count).toBe(4);
  });

  it('survives FLUSHALL as empty caches and fresh windows', async () => {
    await a.set('k2', 'v', 10_000);
    await a.incr('ctr2', 60_000);
    await a.redis.flushall();
    expect(await b.get('k2')).toBeUndefined();
    expect((await b.incr('ctr2', 60_000)).count).toBe(1);
  });

  it('keeps answering from process memory while Redis is down, and returns to it', async () => {
    await server.stop();
    await until(() => !a.isHealthy);
    await a.set('k3', 'local', 10_000);
    expect(await a.get('k3')).toBe('local'); // served by the local fallback
    expect((await a.incr('ctr3', 60_000)).count).toBe(1);
    expect((await a.peek('ctr3')).count).toBe(1);
    await server.restart();
    await until(() => a.isHealthy && b.isHealthy, 15_000);
    await a.set('k4', 'shared again', 10_000);
    expect(await b.get('k4')).toBe('shared again');
  }, 30_000);
});
