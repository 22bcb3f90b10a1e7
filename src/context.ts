/**
 * The application context: config, database, platform services and domain services, built
 * once per process (or per test). Nothing here listens on a port; see app.ts and main.ts.
 */
import path from 'node:path';
import type { Config } from './config.js';
import { createDatabase, type Database, type Db, type Dialect } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { buildModules, type Services } from './modules/index.js';
import type { OrchardModule, RoleSet } from './modules/module.js';
import { type BlobStore, FsBlobStore } from './platform/blobs.js';
import { type Cache, MemoryCache } from './platform/cache.js';
import { RedisCache } from './platform/cache-redis.js';
import { type Clock, systemClock } from './platform/clock.js';
import { AmqpBroker } from './platform/events/amqp-broker.js';
import { EventBus } from './platform/events/bus.js';
import { eventRetentionJob } from './platform/events/retention.js';
import { Scheduler } from './platform/jobs/scheduler.js';
import { createLogger, type Logger } from './platform/logger.js';
import type { MetricsJson } from './platform/metrics.js';
import { createMetrics, type Metrics } from './platform/metrics.js';

export type { Services };

export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly bus: EventBus;
  readonly cache: Cache;
  readonly blobs: BlobStore;
  readonly scheduler: Scheduler;
  readonly services: Services;
  readonly modules: readonly OrchardModule[];
  /** `started` turns true when start() finished (readiness waits for it). */
  /**
   * `started`; `extraMetrics`: metrics of another part of this process (the background
   * thread), merged into /metrics.
   */
  readonly lifecycle: { started: boolean; extraMetrics?: () => Promise<MetricsJson> };
  /** Starts consumers, jobs and module start hooks for the given roles. */
  start(roles: RoleSet): Promise<void>;
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  /** Run migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL schema to migrate into (tests isolate by schema). */
  pgSchema?: string;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const log = opts.log ?? createLogger(config);
  const clock = opts.clock ?? systemClock;
  const database = createDatabase(config);
  try {
    if (opts.migrate !== false) await migrateToLatest(database, opts.pgSchema);
  } catch (err) {
    await database.close();
    throw err;
  }
  const metrics = createMetrics();
  const broker = config.amqpUrl
    ? new AmqpBroker(
        {
          url: config.amqpUrl,
          prefix: config.events.amqpPrefix,
          deliveryLimit: config.events.maxAttempts,
          defaultPrefetch: config.events.prefetch,
        },
        log.child({ part: 'amqp' }),
      )
    : undefined;
  const bus = new EventBus(
    database.db,
    database.dialect,
    clock,
    log.child({ part: 'events' }),
    metrics,
    { pollMs: config.events.pollMs, maxAttempts: config.events.maxAttempts },
    broker,
  );
  const cache: Cache = config.redisUrl ? new RedisCache(config.redisUrl, log.child({ part: 'redis' })) : new MemoryCache();
  const blobs = new FsBlobStore(path.join(config.dataDir, 'blobs'));
  const scheduler = new Scheduler(database.db, clock, log.child({ part: 'jobs' }), metrics);
  const services = {} as Services;
  let started: RoleSet | undefined;

  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    dialect: database.dialect,
    clock,
    log,
    metrics,
    bus,
    cache,
    blobs,
    scheduler,
    services,
    modules: [],
    lifecycle: { started: false },
    async start(roles) {
      started = roles;
      for (const m of ctx.modules) await m.start?.(roles);
      await bus.start({ durable: roles.worker, local: roles.http });
      if (roles.scheduler) scheduler.start();
      ctx.lifecycle.started = true;
    },
    async close() {
      if (started) {
        await scheduler.stop();
        await bus.stop();
      } else await broker?.close();
      for (const m of [...ctx.modules].reverse()) await m.stop?.();
      await cache.close();
      await database.close();
    },
  };
  const modules = buildModules(ctx, services);
  (ctx as { modules: readonly OrchardModule[] }).modules = modules;
  for (const m of modules) {
    for (const c of m.consumers ?? []) bus.register(c);
    for (const j of m.jobs ?? []) scheduler.register(j);
  }
  scheduler.register(eventRetentionJob(database.db, clock));
  return ctx;
}
