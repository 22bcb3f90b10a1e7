import type { Tx } from '../../db/database.js';

/**
 * Event names and payload types. Each module adds its own events by declaration merging
 * in its `<module>.events.ts`, so `emit` and consumers are type-checked end to end:
 *
 *   declare module '../../platform/events/types.js' {
 *     interface EventMap { 'app.created': { appId: string; bundleId: string } }
 *   }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface EventMap {}

export type EventType = keyof EventMap & string;

export interface EventDraft<K extends EventType = EventType> {
  type: K;
  /** The id of the thing the event is about (app id, user id...): consumers group by it. */
  aggregateId: string;
  payload: EventMap[K];
}

export interface EventEnvelope<K extends EventType = EventType> extends EventDraft<K> {
  /** Globally unique event id (UUIDv7); the inbox dedups on it. */
  id: string;
  /** Position in the outbox; increases with commit order on SQLite, nearly so on PostgreSQL. */
  seq: number;
  createdAt: string;
}

export type AnyEnvelope = { [K in EventType]: EventEnvelope<K> }[EventType];

/**
 * A consumer that changes the database: it runs once per store (whichever process claims
 * the event), inside a transaction that also writes its inbox row, so redelivery has no
 * double effect. Failures are retried with backoff, then dead-lettered.
 */
export interface DurableConsumer<K extends EventType = EventType> {
  kind: 'durable';
  /** Stable name: it keys the inbox and dead letters. */
  name: string;
  events: readonly K[];
  /** Messages a broker may hand this consumer at once (small for slow work such as ML scoring). */
  prefetch?: number;
  handle(event: EventEnvelope<K>, trx: Tx): Promise<void>;
  /**
   * Optional: applies several new events (in outbox order) at once, with the same effect as
   * `handle` on each in turn — a few multi-row statements instead of a few per event. Used when
   * the bus polls a batch; broker deliveries and retries still go through `handle`.
   */
  handleBatch?(events: EventEnvelope<K>[], trx: Tx): Promise<void>;
}

/**
 * A consumer that updates process-local state (a search index replica, a cache). It runs
 * in every process that serves reads, must be idempotent, and has no inbox.
 */
export interface LocalConsumer<K extends EventType = EventType> {
  kind: 'local';
  name: string;
  events: readonly K[];
  handle(events: EventEnvelope<K>[]): Promise<void>;
}

export type Consumer = DurableConsumer<EventType> | LocalConsumer<EventType>;

/** Helpers that keep the event-type parameter when declaring consumers. */
export const durable = <K extends EventType>(c: Omit<DurableConsumer<K>, 'kind'>): Consumer =>
  ({ kind: 'durable', ...c }) as unknown as Consumer;
export const local = <K extends EventType>(c: Omit<LocalConsumer<K>, 'kind'>): Consumer => ({ kind: 'local', ...c }) as unknown as Consumer;
