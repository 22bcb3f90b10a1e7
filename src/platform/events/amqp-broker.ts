/**
 * RabbitMQ delivery for the event bus (chosen by AMQP_URL). The outbox stays the source of
 * truth: the relay publishes claimed outbox rows with publisher confirms and marks them
 * dispatched only once the broker confirmed them, so a broker outage only makes the outbox
 * grow. Topology (declared idempotently, and again after every reconnect):
 *
 *   app-store.events  topic   routing key = event type
 *   app-store.tasks   direct  on-demand work addressed to one queue (declared for operators)
 *   app-store.dlx     direct  dead letters, routing key = consumer name → app-store.dead-letters
 *
 * Each durable consumer has a durable quorum queue `orchard.<consumer>` with a delivery limit
 * (EVENT_MAX_ATTEMPTS) after which RabbitMQ dead-letters the message; the worker archives
 * dead letters into the dead_letters table, where `orchard events dlq|redrive` see them.
 * Consumers keep their inbox dedup, so a redelivery never doubles an effect. Each process
 * that keeps replicas (search index, caches) has its own exclusive queue.
 */
import { type AsyncMessage, Connection, type Consumer, ConsumerStatus, type Publisher } from 'rabbitmq-client';
import type { Logger } from '../logger.js';
import type { AnyEnvelope, DurableConsumer, EventEnvelope, LocalConsumer } from './types.js';

export interface AmqpOptions {
  url: string;
  /** Prefix of every exchange and queue name (tests isolate by it; empty in production). */
  prefix: string;
  /** Deliveries before a message is dead-lettered. */
  deliveryLimit: number;
  defaultPrefetch: number;
}

/** What the broker calls back into (implemented by EventBus). */
export interface BrokerHooks {
  runDurable(consumer: DurableConsumer, event: EventEnvelope): Promise<string | null>;
  archiveDeadLetter(consumer: string, event: EventEnvelope, attempts: number, error: string): Promise<void>;
  runLocal(events: AnyEnvelope[]): Promise<void>;
  /** Called when the replica queue is (re)created: events relayed while it was missing are read from the outbox. */
  replicaQueueReady(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AmqpBroker {
  readonly connection: Connection;
  private publisher: Publisher | undefined;
  private readonly consumers: Consumer[] = [];
  /** Last failure per (consumer, event) so a dead letter says why. Bounded. */
  private readonly lastErrors = new Map<string, string>();
  private connected = false;

  constructor(
    private readonly opts: AmqpOptions,
    private readonly log: Logger,
  ) {
    this.connection = new Connection({
      url: opts.url,
      connectionName: 'orchard',
      acquireTimeout: 2000, // a publish while the broker is away fails fast; the outbox keeps the row
      retryLow: 200,
      retryHigh: 3000,
    });
    this.connection.on('connection', () => {
      if (!this.connected) this.log.info('rabbitmq connected');
      this.connected = true;
    });
    this.connection.on('error', (err) => {
      if (this.connected) this.log.warn({ err }, 'rabbitmq connection lost; the outbox keeps events until it returns');
      this.connected = false;
    });
  }

  name(kind: 'events' | 'tasks' | 'dlx' | 'dead-letters'): string {
    return `${this.opts.prefix}app-store.${kind}`;
  }

  queueFor(consumer: string): string {
    return `${this.opts.prefix}orchard.${consumer}`;
  }

  get isConnected(): boolean {
    return this.connected && this.connection.ready;
  }

  private exchanges() {
    return [
      { exchange: this.name('events'), type: 'topic', durable: true },
      { exchange: this.name('tasks'), type: 'direct', durable: true },
      { exchange: this.name('dlx'), type: 'direct', durable: true },
    ];
  }

  private durableQueue(consumer: DurableConsumer) {
    return {
      queue: this.queueFor(consumer.name),
      durable: true,
      arguments: {
        'x-queue-type': 'quorum' as const,
        'x-delivery-limit': this.opts.deliveryLimit,
        'x-dead-letter-exchange': this.name('dlx'),
        'x-dead-letter-routing-key': consumer.name,
      },
    };
  }

  private bindings(consumer: DurableConsumer) {
    return consumer.events.map((t) => ({ queue: this.queueFor(consumer.name), exchange: this.name('events'), routingKey: t }));
  }

  /**
   * Publishes with confirms; resolves only when the broker has every message. The publisher
   * declares every durable consumer's queue first, so events published before any worker
   * started wait in their queues instead of being unroutable.
   */
  async publish(events: AnyEnvelope[], durables: readonly DurableConsumer[]): Promise<void> {
    this.publisher ??= this.connection.createPublisher({
      confirm: true,
      maxAttempts: 1,
      exchanges: this.exchanges(),
      queues: durables.map((c) => this.durableQueue(c)),
      queueBindings: durables.flatMap((c) => this.bindings(c)),
    });
    const pub = this.publisher;
    await Promise.all(
      events.map((e) =>
        pub.send({ exchange: this.name('events'), routingKey: e.type, messageId: e.id, durable: true, contentType: 'application/json' }, e),
      ),
    );
  }

  /** A quorum queue per durable consumer, bound to its event types. */
  startDurable(consumer: DurableConsumer, hooks: BrokerHooks): void {
    const queue = this.queueFor(consumer.name);
    const prefetch = consumer.prefetch ?? this.opts.defaultPrefetch;
    const sub = this.connection.createConsumer(
      {
        queue,
        queueOptions: this.durableQueue(consumer),
        qos: { prefetchCount: prefetch },
        concurrency: prefetch,
        exchanges: this.exchanges(),
        queueBindings: this.bindings(consumer),
      },
      async (msg: AsyncMessage) => {
        const event = msg.body as EventEnvelope;
        const error = await hooks.runDurable(consumer, event);
        const key = `${consumer.name}:${event.id}`;
        if (!error) {
          this.lastErrors.delete(key);
          return ConsumerStatus.ACK;
        }
        if (this.lastErrors.size > 10_000) this.lastErrors.clear();
        this.lastErrors.set(key, error);
        const deliveries = Number(msg.headers?.['x-delivery-count'] ?? 0) + 1;
        await sleep(Math.min(5000, 100 * 2 ** deliveries)); // backoff before the broker redelivers
        return ConsumerStatus.REQUEUE;
      },
    );
    sub.on('error', (err) => this.log.warn({ err, consumer: consumer.name }, 'amqp consumer error'));
    this.consumers.push(sub);
  }

  /** Moves dead-lettered messages into the dead_letters table (the operators' DLQ view). */
  startDeadLetterArchive(durableNames: string[], hooks: BrokerHooks): void {
    const queue = this.name('dead-letters');
    const sub = this.connection.createConsumer(
      {
        queue,
        queueOptions: { durable: true, arguments: { 'x-queue-type': 'quorum' } },
        qos: { prefetchCount: 16 },
        exchanges: this.exchanges(),
        queueBindings: durableNames.map((n) => ({ queue, exchange: this.name('dlx'), routingKey: n })),
      },
      async (msg: AsyncMessage) => {
        const event = msg.body as EventEnvelope;
        const consumer = msg.routingKey;
        const attempts = Number(msg.headers?.['x-delivery-count'] ?? this.opts.deliveryLimit);
        const error = this.lastErrors.get(`${consumer}:${event.id}`) ?? `delivery limit (${this.opts.deliveryLimit}) exceeded`;
        await hooks.archiveDeadLetter(consumer, event, attempts, error);
        return ConsumerStatus.ACK;
      },
    );
    sub.on('error', (err) => this.log.warn({ err }, 'amqp dead-letter archive error'));
    this.consumers.push(sub);
  }

  /** This process's replica queue: exclusive, gone when the process is. */
  startReplica(locals: LocalConsumer[], hooks: BrokerHooks): void {
    const types = [...new Set(locals.flatMap((c) => c.events as readonly string[]))];
    if (types.length === 0) return;
    const sub = this.connection.createConsumer(
      {
        queue: '', // server-named
        queueOptions: { exclusive: true, autoDelete: true, durable: false },
        qos: { prefetchCount: 256 },
        exchanges: this.exchanges(),
        // bindings to '' name the queue just declared on this channel
        queueBindings: types.map((t) => ({ exchange: this.name('events'), routingKey: t })),
      },
      async (msg: AsyncMessage) => {
        await hooks.runLocal([msg.body as AnyEnvelope]);
        return ConsumerStatus.ACK;
      },
    );
    sub.on('ready', () => hooks.replicaQueueReady());
    sub.on('error', (err) => this.log.warn({ err }, 'amqp replica consumer error'));
    this.consumers.push(sub);
  }

  /** Messages waiting per queue (metrics, `events status`). */
  async depth(queues: string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const q of queues) {
      try {
        const r = await this.connection.queueDeclare({ queue: q, passive: true });
        out[q] = r.messageCount;
      } catch {
        out[q] = -1;
      }
    }
    return out;
  }

  /** Stops consuming (unacked messages go back to their queues), then closes. */
  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.close()));
    await this.publisher?.close().catch(() => {});
    await this.connection.close().catch(() => {});
  }
}
