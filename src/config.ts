/**
 * Configuration, parsed once from the environment into a frozen, typed object.
 * This is the only file that reads `process.env`; everything else receives `Config`.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Environment variables and their meaning; documented in README.md (a test keeps them in sync). */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  AMQP_URL: url(['amqp', 'amqps']).optional(),
  AMQP_PREFIX: z
    .string()
    .regex(/^[a-z0-9_.-]*$/, 'lower-case letters, digits, . _ -')
    .default(''),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  /** `serve --role all` runs durable consumers and periodic jobs on a worker thread (auto: on PostgreSQL only). */
  BACKGROUND_THREAD: z.union([z.literal('auto'), bool]).default('auto'),
  SEED_DEMO: bool.default(true),
  SEED_DEMO_APPS: int(0, 2_000_000).default(5000),
  SEED_DEMO_USERS: int(0, 1_000_000).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  MEDIA_MAX_BYTES: int(1024, 64 * 1024 * 1024).default(8 * 1024 * 1024),
  BUILD_MAX_BYTES: int(1024, 64 * 1024 ** 3).default(4 * 1024 ** 3),
  DOWNLOAD_URL_TTL_SECONDS: int(10, 7 * 86_400).default(900),
  DOWNLOAD_URL_SECRET: z.string().min(32).optional(),
  CORS_ORIGINS: z.string().default(''),
  SESSION_TTL_DAYS: int(1, 365).default(30),
  PASSWORD_HASH_MEMORY_KIB: int(8192, 1024 * 1024).default(19456),
  PASSWORD_HASH_ITERATIONS: int(1, 20).default(2),
  PASSWORD_HASH_CONCURRENCY: int(1, 64).default(Math.max(2, os.availableParallelism())),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  LOGIN_WINDOW_SECONDS: int(1, 86_400).default(900),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(6000),
  EVENT_POLL_MS: int(10, 60_000).default(200),
  EVENT_MAX_ATTEMPTS: int(1, 100).default(8),
  EVENT_PREFETCH: int(1, 10_000).default(32),
  SEARCH_TEXT_WEIGHT: num(0, 1).default(0.6),
  SEARCH_INDEX: z.enum(['memory', 'database']).default('memory'),
  SEARCH_SNAPSHOT_INTERVAL_SECONDS: int(0, 86_400).default(300),
  WEB_DIST_DIR: z.string().optional(),
  REVIEWS_PER_HOUR: int(1, 10_000).default(10),
  RATING_PRIOR_CONFIDENCE: num(0, 1_000_000).default(100),
  RATING_PRIOR_DEFAULT_MEAN: num(1, 5).default(3.5),
  REVIEW_REPORTS_TO_QUEUE: int(1, 1000).default(3),
  INTEGRITY_REJECT_BELOW: num(0, 1).default(0.3),
  INTEGRITY_REVIEW_BELOW: num(0, 1).default(0.6),
  INTEGRITY_MODEL_WEIGHT: num(0, 1).default(0.5),
  INTEGRITY_RETRAIN_HOURS: num(0.01, 24 * 365).default(24),
  INTEGRITY_RETRAIN_MIN_LABELS: int(2, 10_000_000).default(50),
  REVIEW_BOMB_WINDOW_MINUTES: int(5, 7 * 24 * 60).default(60),
  REVIEW_BOMB_MIN_COUNT: int(2, 100_000).default(15),
  REVIEW_BOMB_FACTOR: num(1, 1000).default(5),
  PAYMENT_PROVIDER: z.enum(['sandbox']).default('sandbox'),
  PROVIDER_TIMEOUT_MS: int(10, 120_000).default(3000),
  PROVIDER_RETRIES: int(0, 10).default(2),
  PROVIDER_BREAKER_RESET_MS: int(100, 600_000).default(10_000),
  PROVIDER_BREAKER_ERROR_PERCENT: int(1, 100).default(50),
  PROVIDER_BREAKER_VOLUME: int(1, 10_000).default(10),
  SANDBOX_TIMEOUT_DELAY_MS: int(0, 600_000).default(30_000),
  PURCHASE_KEY_LOCK_MS: int(100, 600_000).default(15_000),
  IDEMPOTENCY_KEY_TTL_HOURS: int(1, 24 * 30).default(24),
  RECONCILE_AFTER_MS: int(0, 86_400_000).default(60_000),
  RECONCILE_EVERY_MS: int(100, 86_400_000).default(30_000),
  COMMISSION_BPS: int(0, 10_000).default(3000),
  REDUCED_COMMISSION_BPS: int(0, 10_000).default(1500),
  REFUND_AUTO_APPROVE_MAX_USD_MINOR: int(0, 100_000_000).default(500),
  REFUND_AUTO_APPROVE_HOURS: int(0, 24 * 365).default(48),
  SUBSCRIPTION_GRACE_DAYS: int(0, 16).default(16),
  SUBSCRIPTION_RETRY_DAYS: int(1, 60).default(60),
  SUBSCRIPTION_ACCELERATED: bool.default(false),
  RENEWAL_EVERY_MS: int(100, 86_400_000).default(10_000),
  RENEWAL_LEAD_MS: int(0, 7 * 86_400_000).default(0),
  RENEWAL_BATCH: int(1, 10_000).default(500),
  RENEWAL_LEASE_MS: int(100, 3_600_000).default(60_000),
  NOTIFICATIONS_ALLOW_LOOPBACK: bool.default(false),
  NOTIFICATION_TIMEOUT_MS: int(100, 60_000).default(5000),
  NOTIFICATION_DELIVER_EVERY_MS: int(100, 3_600_000).default(2000),
  ANALYTICS_LATE_DAYS: int(1, 30).default(7),
  ANALYTICS_COMPACT_SECONDS: int(1, 86_400).default(300),
  CHARTS_EVERY_MINUTES: num(0.01, 7 * 24 * 60).default(60),
  CHART_SIZE: int(10, 1000).default(100),
  CHART_WEIGHT_VELOCITY: num(0, 1).default(0.3),
  CHART_WEIGHT_RATING: num(0, 1).default(0.25),
  CHART_WEIGHT_ENGAGEMENT: num(0, 1).default(0.2),
  CHART_WEIGHT_REVENUE: num(0, 1).default(0.15),
  CHART_WEIGHT_FRESHNESS: num(0, 1).default(0.1),
  CHART_GROSSING_REVENUE_WEIGHT: num(0, 1).default(0.7),
  CHART_SPIKE_Z: num(1, 100).default(6),
  CHART_SPIKE_MIN_DOWNLOADS: int(1, 10_000_000).default(50),
  CHART_CLUSTER_MIN: int(2, 1_000_000).default(20),
  RECS_EVERY_MINUTES: num(0.01, 7 * 24 * 60).default(360),
  RECS_NEIGHBORS: int(5, 200).default(50),
  /** Test-only crash point for the purchase flow (ignored unless NODE_ENV=test). */
  FAULT_CRASH_AT: z.enum(['after_charge', 'before_finish', 'after_renewal_charge']).optional(),
});

export type Role = 'all' | 'api' | 'worker' | 'scheduler';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number; readonly schema?: string };
  readonly amqpUrl?: string;
  readonly redisUrl?: string;
  readonly seed: { readonly demo: boolean; readonly apps: number; readonly users: number };
  /** Whether `serve --role all` moves the worker and scheduler roles to a worker thread. */
  readonly backgroundThread: boolean;
  readonly logLevel: string;
  readonly http: { readonly bodyLimit: number; readonly corsOrigins: readonly string[]; readonly rateLimitPerMinute: number };
  readonly media: { readonly maxBytes: number };
  readonly builds: { readonly maxBytes: number };
  /** Signed download URLs: lifetime, and the HMAC secret (else a key file under DATA_DIR/keys). */
  readonly delivery: { readonly urlTtlSeconds: number; readonly urlSecret?: string };
  readonly auth: {
    readonly sessionTtlDays: number;
    readonly hash: { readonly memoryKiB: number; readonly iterations: number; readonly concurrency: number };
    readonly login: { readonly maxFailures: number; readonly windowSeconds: number };
    readonly secureCookies: boolean;
  };
  readonly events: { readonly pollMs: number; readonly maxAttempts: number; readonly prefetch: number; readonly amqpPrefix: string };
  readonly search: {
    readonly textWeight: number;
    /** `database` skips the in-memory index and answers every search degraded from the database. */
    readonly index: 'memory' | 'database';
    /** How often a changed index is written to its snapshot file; 0 = only at shutdown. */
    readonly snapshotIntervalSeconds: number;
  };
  readonly webDistDir: string;
  readonly reviews: {
    readonly perUserPerHour: number;
    /** Bayesian average: confidence C and the prior mean used until the catalog has ratings. */
    readonly prior: { readonly confidence: number; readonly defaultMean: number };
    readonly reportsToQueue: number;
  };
  readonly integrity: {
    /** Combined score below `rejectBelow` → reject, below `reviewBelow` → manual review, else approve. */
    readonly rejectBelow: number;
    readonly reviewBelow: number;
    /** Share of the learned model in the combined score when a model is live. */
    readonly modelWeight: number;
    readonly retrainEveryMs: number;
    readonly retrainMinLabels: number;
    readonly bomb: { readonly windowMs: number; readonly minCount: number; readonly factor: number };
  };
  readonly commerce: {
    readonly provider: 'sandbox';
    readonly providerTimeoutMs: number;
    readonly providerRetries: number;
    readonly breakerResetMs: number;
    readonly breakerErrorPercent: number;
    readonly breakerVolume: number;
    readonly sandboxTimeoutDelayMs: number;
    readonly keyLockMs: number;
    readonly keyTtlHours: number;
    readonly reconcileAfterMs: number;
    readonly reconcileEveryMs: number;
    readonly commissionBps: number;
    readonly reducedCommissionBps: number;
    readonly refundAutoApproveMaxUsdMinor: number;
    readonly refundAutoApproveHours: number;
  };
  readonly subscriptions: {
    /** Default billing grace period (apps may set their own, 0–16 days). */
    readonly graceDays: number;
    readonly retryDays: number;
    /** Sandbox time: a day lasts 10 s, a month 5 min (developers testing renewals). */
    readonly accelerated: boolean;
    readonly renewalEveryMs: number;
    /** How long before a period ends its renewal is charged. */
    readonly renewalLeadMs: number;
    readonly renewalBatch: number;
    /** How long a claimed renewal charge belongs to its claimer before recovery may take it over. */
    readonly renewalLeaseMs: number;
  };
  readonly notifications: {
    /** Development only: accept http:// and loopback webhook URLs. */
    readonly allowLoopback: boolean;
    readonly timeoutMs: number;
    readonly deliverEveryMs: number;
  };
  /** Usage ingestion: how late events may arrive; how often raw events are compacted. */
  readonly analytics: {
    readonly lateDays: number;
    readonly futureSkewMs: number;
    readonly userDaysRetention: number;
    readonly compactEveryMs: number;
  };
  /** The ranking job (docs/ranking.md). */
  readonly charts: {
    readonly everyMs: number;
    readonly size: number;
    readonly windowDays: number;
    readonly weights: {
      readonly velocity: number;
      readonly rating: number;
      readonly engagement: number;
      readonly revenue: number;
      readonly freshness: number;
    };
    readonly grossingRevenueWeight: number;
    readonly spikeZ: number;
    readonly spikeMinCount: number;
    readonly clusterMinSize: number;
    readonly historyDays: number;
    readonly prior: { readonly confidence: number; readonly defaultMean: number };
  };
  readonly recommendations: { readonly everyMs: number; readonly neighbors: number };
  /** Where the purchase flow SIGKILLs itself (crash tests); only ever set when env is 'test'. */
  readonly faultCrashAt?: 'after_charge' | 'before_finish' | 'after_renewal_charge';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Names of every variable the config reads (documented in README). */
export const configVariables = Object.keys(envSchema.shape);

/** Parse an environment (defaults to process.env) into a frozen Config; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(configVariables.map((k) => [k, env[k] === '' && k !== 'CORS_ORIGINS' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        return `${name}=${JSON.stringify(raw[name] ?? '')}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'sqlite', file: path.join(dataDir, 'orchard.db') },
    amqpUrl: e.AMQP_URL,
    redisUrl: e.REDIS_URL,
    seed: { demo: e.SEED_DEMO, apps: e.SEED_DEMO_APPS, users: e.SEED_DEMO_USERS },
    // SQLite has a single writer: a second writing thread only adds lock waits (measured: same
    // throughput, p99 ×3), while PostgreSQL writes concurrently and its consumers need the core.
    backgroundThread: e.BACKGROUND_THREAD === 'auto' ? Boolean(e.DATABASE_URL) : e.BACKGROUND_THREAD,
    logLevel: e.LOG_LEVEL,
    http: {
      bodyLimit: e.BODY_LIMIT_BYTES,
      corsOrigins: e.CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    },
    media: { maxBytes: e.MEDIA_MAX_BYTES },
    builds: { maxBytes: e.BUILD_MAX_BYTES },
    delivery: { urlTtlSeconds: e.DOWNLOAD_URL_TTL_SECONDS, urlSecret: e.DOWNLOAD_URL_SECRET },
    auth: {
      sessionTtlDays: e.SESSION_TTL_DAYS,
      hash: {
        memoryKiB: e.PASSWORD_HASH_MEMORY_KIB,
        iterations: e.PASSWORD_HASH_ITERATIONS,
        concurrency: e.PASSWORD_HASH_CONCURRENCY,
      },
      login: { maxFailures: e.LOGIN_MAX_FAILURES, windowSeconds: e.LOGIN_WINDOW_SECONDS },
      secureCookies: publicUrl.startsWith('https:'),
    },
    events: { pollMs: e.EVENT_POLL_MS, maxAttempts: e.EVENT_MAX_ATTEMPTS, prefetch: e.EVENT_PREFETCH, amqpPrefix: e.AMQP_PREFIX },
    search: { textWeight: e.SEARCH_TEXT_WEIGHT, index: e.SEARCH_INDEX, snapshotIntervalSeconds: e.SEARCH_SNAPSHOT_INTERVAL_SECONDS },
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? path.join(import.meta.dirname ?? '.', '..', 'web', 'dist')),
    reviews: {
      perUserPerHour: e.REVIEWS_PER_HOUR,
      prior: { confidence: e.RATING_PRIOR_CONFIDENCE, defaultMean: e.RATING_PRIOR_DEFAULT_MEAN },
      reportsToQueue: e.REVIEW_REPORTS_TO_QUEUE,
    },
    integrity: {
      rejectBelow: e.INTEGRITY_REJECT_BELOW,
      reviewBelow: Math.max(e.INTEGRITY_REJECT_BELOW, e.INTEGRITY_REVIEW_BELOW),
      modelWeight: e.INTEGRITY_MODEL_WEIGHT,
      retrainEveryMs: Math.round(e.INTEGRITY_RETRAIN_HOURS * 3_600_000),
      retrainMinLabels: e.INTEGRITY_RETRAIN_MIN_LABELS,
      bomb: { windowMs: e.REVIEW_BOMB_WINDOW_MINUTES * 60_000, minCount: e.REVIEW_BOMB_MIN_COUNT, factor: e.REVIEW_BOMB_FACTOR },
    },
    commerce: {
      provider: e.PAYMENT_PROVIDER,
      providerTimeoutMs: e.PROVIDER_TIMEOUT_MS,
      providerRetries: e.PROVIDER_RETRIES,
      breakerResetMs: e.PROVIDER_BREAKER_RESET_MS,
      breakerErrorPercent: e.PROVIDER_BREAKER_ERROR_PERCENT,
      breakerVolume: e.PROVIDER_BREAKER_VOLUME,
      sandboxTimeoutDelayMs: e.SANDBOX_TIMEOUT_DELAY_MS,
      keyLockMs: e.PURCHASE_KEY_LOCK_MS,
      keyTtlHours: e.IDEMPOTENCY_KEY_TTL_HOURS,
      reconcileAfterMs: e.RECONCILE_AFTER_MS,
      reconcileEveryMs: e.RECONCILE_EVERY_MS,
      commissionBps: e.COMMISSION_BPS,
      reducedCommissionBps: e.REDUCED_COMMISSION_BPS,
      refundAutoApproveMaxUsdMinor: e.REFUND_AUTO_APPROVE_MAX_USD_MINOR,
      refundAutoApproveHours: e.REFUND_AUTO_APPROVE_HOURS,
    },
    subscriptions: {
      graceDays: e.SUBSCRIPTION_GRACE_DAYS,
      retryDays: e.SUBSCRIPTION_RETRY_DAYS,
      accelerated: e.SUBSCRIPTION_ACCELERATED,
      renewalEveryMs: e.RENEWAL_EVERY_MS,
      renewalLeadMs: e.RENEWAL_LEAD_MS,
      renewalBatch: e.RENEWAL_BATCH,
      renewalLeaseMs: e.RENEWAL_LEASE_MS,
    },
    notifications: {
      allowLoopback: e.NOTIFICATIONS_ALLOW_LOOPBACK,
      timeoutMs: e.NOTIFICATION_TIMEOUT_MS,
      deliverEveryMs: e.NOTIFICATION_DELIVER_EVERY_MS,
    },
    analytics: {
      lateDays: e.ANALYTICS_LATE_DAYS,
      futureSkewMs: 5 * 60_000,
      userDaysRetention: 40,
      compactEveryMs: e.ANALYTICS_COMPACT_SECONDS * 1000,
    },
    charts: {
      everyMs: Math.round(e.CHARTS_EVERY_MINUTES * 60_000),
      size: e.CHART_SIZE,
      windowDays: 30,
      weights: {
        velocity: e.CHART_WEIGHT_VELOCITY,
        rating: e.CHART_WEIGHT_RATING,
        engagement: e.CHART_WEIGHT_ENGAGEMENT,
        revenue: e.CHART_WEIGHT_REVENUE,
        freshness: e.CHART_WEIGHT_FRESHNESS,
      },
      grossingRevenueWeight: e.CHART_GROSSING_REVENUE_WEIGHT,
      spikeZ: e.CHART_SPIKE_Z,
      spikeMinCount: e.CHART_SPIKE_MIN_DOWNLOADS,
      clusterMinSize: e.CHART_CLUSTER_MIN,
      historyDays: 400,
      prior: { confidence: e.RATING_PRIOR_CONFIDENCE, defaultMean: e.RATING_PRIOR_DEFAULT_MEAN },
    },
    recommendations: { everyMs: Math.round(e.RECS_EVERY_MINUTES * 60_000), neighbors: e.RECS_NEIGHBORS },
    // A crash switch must never be live outside tests, whatever the environment says.
    faultCrashAt: e.NODE_ENV === 'test' ? e.FAULT_CRASH_AT : undefined,
  };
  return deepFreeze(config);
}

/** Derive a config with some fields replaced (tests, CLI flags); the result is frozen too. */
export function withOverrides(base: Config, patch: Partial<Config>): Config {
  return deepFreeze({ ...structuredClone(base), ...patch });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
