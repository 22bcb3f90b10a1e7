/**
 * Cache and counters behind one small interface: in-memory by default, Redis when scaled
 * out. Correctness never depends on it — a miss (or a flushed Redis) only costs speed.
 */
import { LRUCache } from 'lru-cache';

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  del(keys: string | string[]): Promise<void>;
  /** Increments a counter that expires `windowMs` after its first increment; returns the new value and ms left. */
  incr(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** Current value of a counter made by `incr` (0 when absent or expired). */
  peek(key: string): Promise<{ count: number; resetMs: number }>;
  close(): Promise<void>;
}

export class MemoryCache implements Cache {
  private readonly lru: LRUCache<string, { v: unknown }>;
  private readonly counters = new Map<string, { n: number; until: number }>();
  constructor(
    max = 50_000,
    private readonly now: () => number = Date.now,
  ) {
    this.lru = new LRUCache({ max, ttlAutopurge: false });
  }
  async get<T>(key: string): Promise<T | undefined> {
    return this.lru.get(key)?.v as T | undefined;
  }
  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    this.lru.set(key, { v: value }, { ttl: ttlMs });
  }
  async del(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.lru.delete(k);
  }
  async incr(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const now = this.now();
    let c = this.counters.get(key);
    if (!c || c.until <= now) {
      c = { n: 0, until: now + windowMs };
      this.counters.set(key, c);
      if (this.counters.size > 100_000) this.sweep(now);
    }
    c.n++;
    return { count: c.n, resetMs: c.until - now };
  }
  async peek(key: string): Promise<{ count: number; resetMs: number }> {
    const c = this.counters.get(key);
    const now = this.now();
    return c && c.until > now ? { count: c.n, resetMs: c.until - now } : { count: 0, resetMs: 0 };
  }
  private sweep(now: number) {
    for (const [k, c] of this.counters) if (c.until <= now) this.counters.delete(k);
  }
  async close(): Promise<void> {
    this.lru.clear();
    this.counters.clear();
  }
}
