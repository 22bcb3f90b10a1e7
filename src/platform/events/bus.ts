/**
 * The event bus: a transactional outbox plus a dispatcher.
 *
 * Producers call `bus.emit(trx, draft)` inside the transaction that makes the change, so an
 * event exists if and only if the change committed. The dispatcher (this process, or any
 * other process sharing the database) delivers outbox rows to consumers:
 *  - durable consumers: once per store, claimed by one process, inbox-deduplicated, retried
 *    with exponential backoff and jitter, dead-lettered after `maxAttempts`;
 *  - local consumers: once per process, by following the outbox sequence (replicas, caches).
 * With a broker (RabbitMQ, see amqp-broker.ts) every process relays outbox rows to it with
 * publisher confirms; workers consume durable queues and API processes their own replica
 * queue. Producers and consumers are the same in both modes; retries re-driven from the
 * dead-letter table still run here, straight against the consumer.
 */
import { sql } from 'kysely';
import type { Db, Dialect, Executor, Tx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AmqpBroker, BrokerHooks } from './amqp-broker.js';
import type { AnyEnvelope, Consumer, DurableConsumer, EventDraft, EventEnvelope, EventType, LocalConsumer } from './types.js';

export interface BusOptions {
  pollMs: number;
  maxAttempts: number;
  /** How long a process may hold a claimed batch before others may take it over. */
  claimMs?: number;
  batchSize?: number;
}

interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  aggregate_id: string;
  payload: string;
  created_at: string;
}

const toEnvelope = (r: OutboxRow): AnyEnvelope =>
  ({
    id: r.id,
    seq: Number(r.seq),
    type: r.type,
    aggregateId: r.aggregate_id,
    payload: JSON.parse(r.payload),
    createdAt: r.created_at,
  }) as AnyEnvelope;

/** Backoff before retry `attempt` (1-based): 1 s, 2 s, 4 s … capped at 10 min, ±50% jitter. */
export function retryDelayMs(attempt: number): number {
  const base = Math.min(600_000, 1000 * 2 ** (attempt - 1));
  return Math.round(base / 2 + Math.random() * base);
}

/** Events one durable consumer applies per transaction when polling the outbox. */
const DURABLE_BATCH = 100;

export class EventBus {
  private readonly consumers: Consumer[] = [];
  private readonly owner = newId();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private pumping: Promise<void> | undefined;
  private again = false;
  private roles = { durable: false, local: false };
  private localCursor = 0;
  /** seqs skipped by the local cursor that may still commit (PostgreSQL), with a give-up time. */
  private readonly gaps = new Map<number, number>();
  /** Broker mode: the replica queue was (re)created; outbox seqs it may have missed, read from the table. */
  private catchUp: { from: number; to: number | undefined } | undefined;
  private brokerRetryAt = 0;
  private lastBrokerWarn = 0;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly opts: BusOptions,
    readonly broker?: AmqpBroker,
  ) {}

  /** Writes events to the outbox in the caller's transaction. */
  async emit(trx: Executor, drafts: EventDraft | EventDraft[]): Promise<void> {
    const list = Array.isArray(drafts) ? drafts : [drafts];
    if (list.length === 0) return;
    const createdAt = this.clock.now().toISOString();
    // SQLite limits bound parameters per statement; 500 rows × 5 columns stays well under it.
    for (let i = 0; i < list.length; i += 500) {
      await trx
        .insertInto('outbox')
        .values(
          list.slice(i, i + 500).map((d) => ({
            id: newId(),
            type: d.type,
            aggregate_id: d.aggregateId,
            payload: JSON.stringify(d.payload),
            created_at: createdAt,
            dispatched_at: null,
            claimed_by: null,
            claimed_until: null,
          })),
        )
        .execute();
    }
    this.nudge();
  }

  register(consumer: Consumer): void {
    if (this.consumers.some((c) => c.name === consumer.name)) throw new Error(`consumer ${consumer.name} twice`);
    this.consumers.push(consumer);
  }

  /** Starts delivering. `durable` for worker roles, `local` for processes that keep replicas. */
  async start(roles: { durable: boolean; local: boolean }, localFromSeq?: number): Promise<void> {
    this.roles = roles;
    if (roles.local) this.localCursor = localFromSeq ?? (await this.maxSeq());
    this.running = true;
    if (this.broker) this.startBroker(this.broker, roles);
    const tick = () => {
      this.timer = setTimeout(async () => {
        await this.pump();
        if (this.running) tick();
      }, this.opts.pollMs);
      this.timer.unref?.();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping;
    await this.broker?.close();
  }

  private startBroker(broker: AmqpBroker, roles: { durable: boolean; local: boolean }) {
    const hooks: BrokerHooks = {
      runDurable: (c, e) => this.runDurable(c, e),
      archiveDeadLetter: (c, e, attempts, error) => this.archiveDeadLetter(c, e, attempts, error),
      runLocal: (events) => this.runLocal(events),
      replicaQueueReady: () => {
        // Messages sitting in the old queue died with it. They were published before now, so
        // they lie between the last seq this replica saw and the outbox's current end.
        this.log.debug({ from: this.localCursor }, 'replica queue ready; catching up from the outbox');
        this.catchUp = { from: this.localCursor, to: undefined };
        this.nudge();
      },
    };
    const durables = this.consumers.filter((c): c is DurableConsumer => c.kind === 'durable');
    if (roles.durable) {
      for (const c of durables) broker.startDurable(c, hooks);
      broker.startDeadLetterArchive(
        durables.map((c) => c.name),
        hooks,
      );
    }
    if (roles.local)
      broker.startReplica(
        this.consumers.filter((c): c is LocalConsumer => c.kind === 'local'),
        hooks,
      );
  }

  /** Ask for a delivery round soon (after the caller's transaction commits). */
  nudge(): void {
    if (!this.running) return;
    setImmediate(() => void this.pump());
  }

  async maxSeq(): Promise<number> {
    const r = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  /**
   * Runs delivery rounds until nothing is left to do right now (tests, CLI). Retries that are
   * not yet due are left for later.
   */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const did = await this.round(true);
      if (!did) return;
    }
  }

  /** One delivery round, serialised within this process. */
  async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.round()) && this.running) {}
        } while (this.again && this.running);
      } catch (err) {
        this.log.error({ err }, 'event delivery round failed');
      } finally {
        this.pumping = undefined;
      }
    })();
    return this.pumping;
  }

  /** Returns true when it delivered anything (so the caller may loop). */
  private async round(everything = false): Promise<boolean> {
    if (this.broker) return this.brokerRound(everything);
    let did = false;
    if (this.roles.durable || everything) did = (await this.deliverDurable()) || did;
    if (this.roles.durable || everything) did = (await this.deliverRetries()) || did;
    if (this.roles.local || everything) did = (await this.deliverLocal()) || did;
    return did;
  }

  /** Broker mode: relay the outbox, run re-driven retries, catch a new replica queue up. */
  private async brokerRound(everything: boolean): Promise<boolean> {
    let did = await this.relay();
    if (this.roles.durable || everything) did = (await this.deliverRetries()) || did;
    if (this.catchUp) did = (await this.catchUpReplica(this.catchUp)) || did;
    return did;
  }

  private async catchUpReplica(range: { from: number; to: number | undefined }): Promise<boolean> {
    range.to ??= await this.maxSeq();
    const rows = (await this.db
      .selectFrom('outbox')
      .select(['seq', 'id', 'type', 'aggregate_id', 'payload', 'created_at'])
      .where('seq', '>', range.from)
      .where('seq', '<=', range.to)
      .orderBy('seq')
      .limit(this.opts.batchSize ?? 1000)
      .execute()) as OutboxRow[];
    if (rows.length === 0) {
      if (this.catchUp === range) this.catchUp = undefined;
      return false;
    }
    range.from = Number(rows[rows.length - 1]?.seq);
    await this.runLocal(rows.map(toEnvelope));
    return true;
  }

  /** Publishes claimed outbox rows; marks them dispatched only after the broker confirmed them. */
  private async relay(): Promise<boolean> {
    const broker = this.broker;
    if (!broker || Date.now() < this.brokerRetryAt) return false;
    const rows = await this.claim();
    if (rows.length === 0) return false;
    try {
      await broker.publish(
        rows.map(toEnvelope),
        this.consumers.filter((c): c is DurableConsumer => c.kind === 'durable'),
      );
    } catch (err) {
      // Keep the rows for the next attempt: the outbox is the buffer while the broker is away.
      this.brokerRetryAt = Date.now() + 1000;
      await this.db
        .updateTable('outbox')
        .set({ claimed_until: null })
        .where(
          'seq',
          'in',
          rows.map((r) => r.seq),
        )
        .where('claimed_by', '=', this.owner)
        .execute();
      if (Date.now() - this.lastBrokerWarn > 10_000) {
        this.lastBrokerWarn = Date.now();
        this.log.warn({ err, pending: rows.length }, 'publishing to rabbitmq failed; events stay in the outbox');
      }
      return false;
    }
    await this.markDispatched(rows);
    return true;
  }

  private async markDispatched(rows: OutboxRow[]) {
    await this.db
      .updateTable('outbox')
      .set({ dispatched_at: this.clock.now().toISOString(), claimed_until: null })
      .where(
        'seq',
        'in',
        rows.map((r) => r.seq),
      )
      .where('claimed_by', '=', this.owner)
      .execute();
    this.metrics.eventsDispatched.inc(rows.length);
  }

  /** A message the broker dead-lettered, kept where `orchard events dlq|redrive` see it. */
  private async archiveDeadLetter(consumer: string, event: EventEnvelope, attempts: number, error: string) {
    const known = await this.db
      .selectFrom('dead_letters')
      .select('id')
      .where('consumer', '=', consumer)
      .where('event_id', '=', event.id)
      .where('redriven_at', 'is', null)
      .executeTakeFirst();
    if (known) return;
    await this.db
      .insertInto('dead_letters')
      .values({
        id: newId(),
        consumer,
        event_id: event.id,
        seq: event.seq,
        type: event.type,
        payload: JSON.stringify(event.payload),
        error: error.slice(0, 4000),
        attempts,
        created_at: this.clock.now().toISOString(),
        redriven_at: null,
      })
      .execute();
    this.metrics.deadLetters.inc({ consumer });
    this.log.error({ consumer, eventId: event.id, attempts }, 'event dead-lettered by the broker');
  }

  private durableConsumers(type: string): DurableConsumer[] {
    return this.consumers.filter((c): c is DurableConsumer => c.kind === 'durable' && (c.events as readonly string[]).includes(type));
  }

  /** Claims a batch of undelivered outbox rows so two processes never work the same batch. */
  private async claim(): Promise<OutboxRow[]> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + (this.opts.claimMs ?? 60_000)).toISOString();
    const nowIso = now.toISOString();
    const limit = this.opts.batchSize ?? 200;
    if (this.dialect === 'postgres') {
      const r = await sql<OutboxRow>`
        update outbox set claimed_by = ${this.owner}, claimed_until = ${until}
        where seq in (
          select seq from outbox
          where dispatched_at is null and (claimed_until is null or claimed_until < ${nowIso})
          order by seq limit ${limit} for update skip locked)
        returning seq, id, type, aggregate_id, payload, created_at`.execute(this.db);
      return r.rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    }
    // A plain read first: an idle poll must not take SQLite's write lock (BEGIN IMMEDIATE).
    const any = await this.db
      .selectFrom('outbox')
      .select('seq')
      .where('dispatched_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .limit(1)
      .executeTakeFirst();
    if (!any) return [];
    return inTransaction(this.db, async (trx) => {
      const rows = await trx
        .selectFrom('outbox')
        .select(['seq', 'id', 'type', 'aggregate_id', 'payload', 'created_at'])
        .where('dispatched_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
        .orderBy('seq')
        .limit(limit)
        .execute();
      if (rows.length > 0) {
        await trx
          .updateTable('outbox')
          .set({ claimed_by: this.owner, claimed_until: until })
          .where(
            'seq',
            'in',
            rows.map((r) => r.seq),
          )
          .execute();
      }
      return rows;
    });
  }

  private async deliverDurable(): Promise<boolean> {
    const rows = await this.claim();
    if (rows.length === 0) return false;
    const byConsumer = new Map<DurableConsumer, EventEnvelope[]>();
    for (const row of rows) {
      const event = toEnvelope(row);
      for (const consumer of this.durableConsumers(event.type)) {
        const list = byConsumer.get(consumer);
        if (list) list.push(event);
        else byConsumer.set(consumer, [event]);
      }
    }
    for (const [consumer, events] of byConsumer)
      for (let i = 0; i < events.length; i += DURABLE_BATCH) await this.deliverBatch(consumer, events.slice(i, i + DURABLE_BATCH));
    await this.markDispatched(rows);
    return true;
  }

  /**
   * Runs one consumer over several events (in seq order) in one transaction: one inbox insert,
   * one commit. Should any event fail, the whole batch is rolled back and the events run one by
   * one instead, so only the failing event is retried later and the others still apply.
   */
  private async deliverBatch(consumer: DurableConsumer, events: EventEnvelope[]): Promise<void> {
    if (events.length > 1) {
      try {
        await this.applyOnce(consumer, events);
        return;
      } catch (err) {
        this.log.debug({ err, consumer: consumer.name, events: events.length }, 'batch failed; delivering its events one by one');
      }
    }
    for (const event of events) {
      const error = await this.runDurable(consumer, event);
      if (error) await this.scheduleRetry(consumer, event, 1, error);
    }
  }

  /** Runs one consumer on one event in a transaction with its inbox row. Returns the error text on failure. */
  async runDurable(consumer: DurableConsumer, event: EventEnvelope): Promise<string | null> {
    try {
      await this.applyOnce(consumer, [event]);
      return null;
    } catch (err) {
      this.metrics.consumerErrors.inc({ consumer: consumer.name });
      this.log.warn({ err, consumer: consumer.name, eventId: event.id, type: event.type }, 'consumer failed');
      return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  }

  /**
   * Applies the events (in order) that the consumer's inbox has not seen, in one transaction
   * with their inbox rows; throws (everything rolled back) if any fails.
   */
  private async applyOnce(consumer: DurableConsumer, events: EventEnvelope[]): Promise<void> {
    await inTransaction(
      this.db,
      async (trx: Tx) => {
        // A consumer's work is re-derivable: if PostgreSQL crashed before flushing this commit,
        // the inbox rows go with it and the events (still undelivered, or redelivered by the
        // broker) run again. So it need not wait for its own WAL flush; any later synchronous
        // commit flushes it anyway, since WAL is written in order.
        if (this.dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
        const processedAt = this.clock.now().toISOString();
        const fresh = await trx
          .insertInto('inbox')
          .values(events.map((e) => ({ consumer: consumer.name, event_id: e.id, processed_at: processedAt })))
          .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
          .returning('event_id')
          .execute();
        const isNew = new Set(fresh.map((r) => r.event_id));
        const todo = events.filter((e) => isNew.has(e.id)); // the others were already applied
        if (consumer.handleBatch && todo.length > 1) await consumer.handleBatch(todo, trx);
        else for (const event of todo) await consumer.handle(event, trx);
      },
      { group: true },
    );
  }

  private async scheduleRetry(consumer: DurableConsumer, event: EventEnvelope, attempts: number, error: string) {
    const now = this.clock.now();
    if (attempts >= this.opts.maxAttempts) {
      await inTransaction(this.db, async (trx) => {
        await trx
          .insertInto('dead_letters')
          .values({
            id: newId(),
            consumer: consumer.name,
            event_id: event.id,
            seq: event.seq,
            type: event.type,
            payload: JSON.stringify(event.payload),
            error: error.slice(0, 4000),
            attempts,
            created_at: now.toISOString(),
            redriven_at: null,
          })
          .execute();
        await trx.deleteFrom('event_retries').where('consumer', '=', consumer.name).where('event_id', '=', event.id).execute();
      });
      this.metrics.deadLetters.inc({ consumer: consumer.name });
      this.log.error({ consumer: consumer.name, eventId: event.id, attempts }, 'event dead-lettered');
      return;
    }
    const next = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
    await this.db
      .insertInto('event_retries')
      .values({
        consumer: consumer.name,
        event_id: event.id,
        seq: event.seq,
        attempts,
        next_attempt_at: next,
        last_error: error.slice(0, 4000),
      })
      .onConflict((oc) => oc.columns(['consumer', 'event_id']).doUpdateSet({ attempts, next_attempt_at: next, last_error: error }))
      .execute();
  }

  private async deliverRetries(): Promise<boolean> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const due = await this.db
      .selectFrom('event_retries')
      .selectAll()
      .where('next_attempt_at', '<=', nowIso)
      .orderBy('next_attempt_at')
      .limit(100)
      .execute();
    let did = false;
    for (const r of due) {
      // optimistic claim: push the due time forward; whoever changes the row owns the attempt
      const lease = new Date(now.getTime() + 60_000).toISOString();
      const claimed = await this.db
        .updateTable('event_retries')
        .set({ next_attempt_at: lease })
        .where('consumer', '=', r.consumer)
        .where('event_id', '=', r.event_id)
        .where('next_attempt_at', '=', r.next_attempt_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue;
      const consumer = this.consumers.find((c): c is DurableConsumer => c.kind === 'durable' && c.name === r.consumer);
      const row = await this.db
        .selectFrom('outbox')
        .select(['seq', 'id', 'type', 'aggregate_id', 'payload', 'created_at'])
        .where('id', '=', r.event_id)
        .executeTakeFirst();
      if (!consumer || !row) continue; // consumer not in this process: its lease lapses and another takes it
      did = true;
      const error = await this.runDurable(consumer, toEnvelope(row));
      if (error) await this.scheduleRetry(consumer, toEnvelope(row), r.attempts + 1, error);
      else await this.db.deleteFrom('event_retries').where('consumer', '=', r.consumer).where('event_id', '=', r.event_id).execute();
    }
    return did;
  }

  private async deliverLocal(): Promise<boolean> {
    const locals = this.consumers.filter((c): c is LocalConsumer => c.kind === 'local');
    if (locals.length === 0) return false;
    const limit = this.opts.batchSize ?? 1000;
    const rows = (await this.db
      .selectFrom('outbox')
      .select(['seq', 'id', 'type', 'aggregate_id', 'payload', 'created_at'])
      .where('seq', '>', this.localCursor)
      .orderBy('seq')
      .limit(limit)
      .execute()) as OutboxRow[];
    const now = Date.now();
    // PostgreSQL assigns seq at insert, so a lower seq can commit after a higher one:
    // remember holes for a while and pick them up if they appear.
    let late: OutboxRow[] = [];
    if (this.gaps.size > 0) {
      for (const [seq, deadline] of this.gaps) if (deadline < now) this.gaps.delete(seq);
      if (this.gaps.size > 0) {
        late = (await this.db
          .selectFrom('outbox')
          .select(['seq', 'id', 'type', 'aggregate_id', 'payload', 'created_at'])
          .where('seq', 'in', [...this.gaps.keys()])
          .execute()) as OutboxRow[];
        for (const r of late) this.gaps.delete(Number(r.seq));
      }
    }
    if (this.dialect === 'postgres') {
      let expect = this.localCursor + 1;
      for (const r of rows) {
        for (let s = expect; s < Number(r.seq) && this.gaps.size < 10_000; s++) this.gaps.set(s, now + 15_000);
        expect = Number(r.seq) + 1;
      }
    }
    const all = [...late, ...rows];
    if (rows.length > 0) this.localCursor = Math.max(this.localCursor, Number(rows[rows.length - 1]?.seq));
    if (all.length === 0) return false;
    await this.runLocal(all.map(toEnvelope));
    return rows.length > 0;
  }

  /** Hands events to every local consumer that wants them; a failure skips them for this replica only. */
  private async runLocal(events: AnyEnvelope[]): Promise<void> {
    const locals = this.consumers.filter((c): c is LocalConsumer => c.kind === 'local');
    for (const e of events) if (this.broker && e.seq > this.localCursor) this.localCursor = e.seq;
    for (const c of locals) {
      const mine = events.filter((e) => (c.events as readonly string[]).includes(e.type));
      if (mine.length === 0) continue;
      try {
        await c.handle(mine);
      } catch (err) {
        this.metrics.consumerErrors.inc({ consumer: c.name });
        this.log.error({ err, consumer: c.name }, 'local consumer failed; events skipped for this replica');
      }
    }
  }

  /** Undelivered outbox rows and the age of the oldest, for metrics and readiness. */
  async lag(): Promise<{ pending: number; oldestMs: number }> {
    const r = await this.db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
      .where('dispatched_at', 'is', null)
      .executeTakeFirst();
    const oldest = r?.oldest ? Date.parse(String(r.oldest)) : Number.NaN;
    return {
      pending: Number(r?.n ?? 0),
      oldestMs: Number.isNaN(oldest) ? 0 : Math.max(0, this.clock.now().getTime() - oldest),
    };
  }

  get localPosition(): number {
    return this.localCursor;
  }

  registeredConsumers(): readonly Consumer[] {
    return this.consumers;
  }
}

export type { EventType };
