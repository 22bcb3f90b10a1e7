/**
 * Redis behind the Cache interface, for caches and counters shared by several processes.
 * Correctness never depends on it: every command has a short timeout, and while Redis is
 * unreachable the cache degrades to this process's memory (misses cost a database read;
 * counters become per-process), then goes back to Redis when it answers again. A FLUSHALL
 * only empties caches and resets limit windows.
 */
import { Redis } from 'ioredis';
import { type Cache, MemoryCache } from './cache.js';
import type { Logger } from './logger.js';

/** INCR that starts a window on the first increment; returns [count, ms left]. */
const INCR_WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

export class RedisCache implements Cache {
  readonly redis: Redis;
  private readonly fallback = new MemoryCache(10_000);
  private healthy = true;
  private lastWarn = 0;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly prefix = 'orchard:',
  ) {
    this.redis = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false, // fail fast while disconnected instead of queueing
      maxRetriesPerRequest: 1,
      commandTimeout: 250,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(2000, 50 * 2 ** Math.min(times, 6)),
    });
    this.redis.on('error', () => this.down()); // ioredis reconnects by itself
    this.redis.on('ready', () => {
      if (!this.healthy) this.log.info('redis is back');
      this.healthy = true;
    });
    this.redis.defineCommand('incrWindow', { numberOfKeys: 1, lua: INCR_WINDOW });
  }

  get isHealthy(): boolean {
    return this.healthy && this.redis.status === 'ready';
  }

  private down(err?: unknown) {
    this.healthy = false;
    if (Date.now() - this.lastWarn > 10_000) {
      this.lastWarn = Date.now();
      this.log.warn({ err }, 'redis unavailable: using process-local cache and limits');
    }
  }

  private async attempt<T>(fn: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') return local();
    try {
      return await fn();
    } catch (err) {
      this.down(err);
      return local();
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.attempt(
      async () => {
        const v = await this.redis.get(this.prefix + key);
        return v === null ? undefined : (JSON.parse(v) as T);
      },
      () => this.fallback.get<T>(key),
    );
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.fallback.set(key, value, Math.min(ttlMs, 5_000)); // short local copy for outages
    await this.attempt(
      async () => void (await this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)))),
      async () => {},
    );
  }

  async del(keys: string | string[]): Promise<void> {
    const list = Array.isArray(keys) ? keys : [keys];
    if (list.length === 0) return;
    await this.fallback.del(list);
    await this.attempt(
      async () => void (await this.redis.del(...list.map((k) => this.prefix + k))),
      async () => {},
    );
  }

  async incr(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    return this.attempt(
      async () => {
        const [count, ttl] = (await (this.redis as unknown as { incrWindow(k: string, w: number): Promise<[number, number]> }).incrWindow(
          this.prefix + key,
          Math.round(windowMs),
        )) as [number, number];
        return { count: Number(count), resetMs: Number(ttl) };
      },
      () => this.fallback.incr(key, windowMs),
    );
  }

  async peek(key: string): Promise<{ count: number; resetMs: number }> {
    return this.attempt(
      async () => {
        const [v, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
        return v === null ? { count: 0, resetMs: 0 } : { count: Number(v), resetMs: Math.max(0, ttl) };
      },
      () => this.fallback.peek(key),
    );
  }

  async close(): Promise<void> {
    await this.fallback.close();
    this.redis.disconnect();
  }
}
