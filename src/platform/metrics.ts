/** Prometheus metrics. One registry per process (tests build several apps, each with its own). */
import client from 'prom-client';

/** A registry's metrics as plain data (what a worker thread can post to the main thread). */
export type MetricsJson = Awaited<ReturnType<client.Registry['getMetricsAsJSON']>>;

/** The text /metrics serves: this registry, plus metrics handed over by other threads (summed). */
export async function exposition(registry: client.Registry, extra: MetricsJson[]): Promise<{ contentType: string; body: string }> {
  if (extra.length === 0) return { contentType: registry.contentType, body: await registry.metrics() };
  const merged = client.AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...extra]);
  return { contentType: registry.contentType, body: await merged.metrics() };
}

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    httpDuration: new client.Histogram({
      name: 'orchard_http_request_duration_seconds',
      help: 'HTTP request duration by route and status class',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    eventsDispatched: new client.Counter({
      name: 'orchard_events_dispatched_total',
      help: 'Outbox rows delivered to durable consumers',
      registers: [registry],
    }),
    consumerErrors: new client.Counter({
      name: 'orchard_consumer_errors_total',
      help: 'Consumer failures (each is retried or dead-lettered)',
      labelNames: ['consumer'] as const,
      registers: [registry],
    }),
    deadLetters: new client.Counter({
      name: 'orchard_dead_letters_total',
      help: 'Events moved to the dead-letter table',
      labelNames: ['consumer'] as const,
      registers: [registry],
    }),
    outboxPending: new client.Gauge({
      name: 'orchard_outbox_pending',
      help: 'Outbox rows not yet delivered',
      registers: [registry],
    }),
    outboxOldestSeconds: new client.Gauge({
      name: 'orchard_outbox_oldest_pending_seconds',
      help: 'Age of the oldest undelivered outbox row',
      registers: [registry],
    }),
    deadLettersOpen: new client.Gauge({
      name: 'orchard_dead_letters_open',
      help: 'Dead letters not yet re-driven',
      registers: [registry],
    }),
    queueDepth: new client.Gauge({
      name: 'orchard_queue_depth',
      help: 'Messages waiting in a RabbitMQ queue (read at scrape time)',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    jobRuns: new client.Counter({
      name: 'orchard_job_runs_total',
      help: 'Scheduled job runs by job and outcome',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    cacheHits: new client.Counter({
      name: 'orchard_cache_hits_total',
      help: 'Cache lookups that hit',
      labelNames: ['cache'] as const,
      registers: [registry],
    }),
    cacheMisses: new client.Counter({
      name: 'orchard_cache_misses_total',
      help: 'Cache lookups that missed',
      labelNames: ['cache'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
