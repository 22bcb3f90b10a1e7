import { expect, it } from 'vitest';
import { createContext } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { describeStore } from '../../testing/harness.js';
import { ManualClock } from '../clock.js';
import { retryDelayMs } from './bus.js';
import { redriveDeadLetter } from './dead-letters.js';
import { durable, type EventEnvelope, local } from './types.js';

const clock = new ManualClock('2026-06-01T00:00:00Z');

describeStore(
  'event bus',
  (store, dialect) => {
    /** A consumer effect we can count: one settings row per (consumer, event). */
    const effects = async (consumer: string) =>
      Number(
        (
          await store()
            .ctx.db.selectFrom('settings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('key', 'like', `${consumer}:%`)
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const emitUser = async (userId: string) =>
      inTransaction(store().ctx.db, (trx) =>
        store().ctx.bus.emit(trx, { type: 'user.created', aggregateId: userId, payload: { userId, role: 'customer' } }),
      );

    it('writes events only when the transaction commits', async () => {
      const { ctx } = store();
      const before = await ctx.bus.maxSeq();
      await expect(
        inTransaction(ctx.db, async (trx) => {
          await ctx.bus.emit(trx, {
            type: 'user.created',
            aggregateId: 'rolled-back',
            payload: { userId: 'rolled-back', role: 'customer' },
          });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await ctx.bus.maxSeq()).toBe(before);
    });

    it('applies a durable consumer exactly once even when an event is delivered twice', async () => {
      const { ctx } = store();
      const name = 'test.once';
      const consumer = durable({
        name,
        events: ['user.created'],
        handle: async (e, trx) => {
          await trx
            .insertInto('settings')
            .values({ key: `${name}:${e.id}`, value: '1', updated_at: e.createdAt })
            .execute();
        },
      });
      ctx.bus.register(consumer);
      await emitUser('u-once');
      await ctx.bus.drain();
      expect(await effects(name)).toBe(1);
      // redeliver the same envelope directly: the inbox makes it a no-op
      const row = await ctx.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', 'u-once').executeTakeFirstOrThrow();
      const env = {
        id: row.id,
        seq: Number(row.seq),
        type: row.type,
        aggregateId: row.aggregate_id,
        payload: JSON.parse(row.payload),
        createdAt: row.created_at,
      } as EventEnvelope;
      expect(await ctx.bus.runDurable(consumer as never, env)).toBeNull();
      expect(await effects(name)).toBe(1);
    });

    it('retries a failing consumer with backoff, dead-letters it, and re-drives it', async () => {
      const { ctx } = store();
      const name = 'test.flaky';
      let failing = true;
      let calls = 0;
      ctx.bus.register(
        durable({
          name,
          events: ['user.created'],
          handle: async (e, trx) => {
            if (e.aggregateId !== 'u-flaky') return;
            calls++;
            if (failing) throw new Error('downstream is down');
            await trx
              .insertInto('settings')
              .values({ key: `${name}:${e.id}`, value: '1', updated_at: e.createdAt })
              .execute();
          },
        }),
      );
      await emitUser('u-flaky');
      await ctx.bus.drain();
      expect(calls).toBe(1);
      const retry = await ctx.db.selectFrom('event_retries').selectAll().where('consumer', '=', name).executeTakeFirstOrThrow();
      expect(retry.attempts).toBe(1);
      expect(retry.last_error).toContain('downstream is down');
      // not due yet: nothing happens
      await ctx.bus.drain();
      expect(calls).toBe(1);
      for (let i = 0; i < store().config.events.maxAttempts + 2; i++) {
        clock.advance(11 * 60_000);
        await ctx.bus.drain();
      }
      expect(calls).toBe(store().config.events.maxAttempts);
      const dead = await ctx.db.selectFrom('dead_letters').selectAll().where('consumer', '=', name).execute();
      expect(dead).toHaveLength(1);
      expect(await ctx.db.selectFrom('event_retries').selectAll().where('consumer', '=', name).execute()).toHaveLength(0);

      failing = false;
      await redriveDeadLetter(ctx.db, clock, dead[0]?.id as string);
      await ctx.bus.drain();
      expect(await effects(name)).toBe(1);
      await expect(redriveDeadLetter(ctx.db, clock, dead[0]?.id as string)).rejects.toMatchObject({ code: 'dead_letter_not_found' });
    });

    it('applies polled events in batches; a failing event leaves the others applied once and alone is retried', async () => {
      const { ctx } = store();
      const name = 'test.batch';
      const order: string[] = [];
      ctx.bus.register(
        durable({
          name,
          events: ['user.created'],
          handle: async (e, trx) => {
            if (!e.aggregateId.startsWith('u-batch-')) return;
            order.push(e.aggregateId);
            await trx
              .insertInto('settings')
              .values({ key: `${name}:${e.aggregateId}`, value: '1', updated_at: e.createdAt })
              .execute();
            if (e.aggregateId === 'u-batch-3') throw new Error('poison event');
          },
        }),
      );
      const ids = Array.from({ length: 8 }, (_, i) => `u-batch-${i}`);
      await inTransaction(ctx.db, (trx) =>
        ctx.bus.emit(
          trx,
          ids.map((id) => ({ type: 'user.created' as const, aggregateId: id, payload: { userId: id, role: 'customer' as const } })),
        ),
      );
      await ctx.bus.drain();
      // the batch ran in seq order up to the poison event, rolled back, then ran one by one
      expect(order).toEqual([...ids.slice(0, 4), ...ids]);
      expect(await effects(name)).toBe(7);
      const keys = await ctx.db.selectFrom('settings').select('key').where('key', 'like', `${name}:%`).execute();
      expect(keys.map((k) => k.key).sort()).toEqual(ids.filter((id) => id !== 'u-batch-3').map((id) => `${name}:${id}`));
      const retries = await ctx.db.selectFrom('event_retries').selectAll().where('consumer', '=', name).execute();
      expect(retries).toHaveLength(1);
      expect(retries[0]?.last_error).toContain('poison event');
      const inbox = await ctx.db.selectFrom('inbox').select('event_id').where('consumer', '=', name).execute();
      expect(inbox).toHaveLength(7);
    });

    it('delivers to local consumers in outbox order', async () => {
      const { ctx } = store();
      const seen: string[] = [];
      ctx.bus.register(
        local({ name: 'test.local', events: ['user.created'], handle: async (es) => void seen.push(...es.map((e) => e.aggregateId)) }),
      );
      for (const id of ['l1', 'l2', 'l3']) await emitUser(id);
      await ctx.bus.drain();
      expect(seen.filter((s) => s.startsWith('l'))).toEqual(['l1', 'l2', 'l3']);
    });

    it('picks up events written by another process and never applies one twice across processes', async () => {
      const { ctx, config } = store();
      const name = 'test.cross';
      const handle = async (e: EventEnvelope, trx: Parameters<Parameters<typeof durable>[0]['handle']>[1]) => {
        if (!e.aggregateId.startsWith('x-')) return;
        await trx
          .insertInto('settings')
          .values({ key: `${name}:${e.id}`, value: '1', updated_at: e.createdAt })
          .execute();
      };
      ctx.bus.register(durable({ name, events: ['user.created'], handle }));
      // a second "process": another context over the same database
      const other = await createContext(config, {
        clock,
        pgSchema: config.database.kind === 'postgres' ? config.database.schema : undefined,
      });
      try {
        other.bus.register(durable({ name, events: ['user.created'], handle }));
        for (let i = 0; i < 40; i++)
          await inTransaction(other.db, (trx) =>
            other.bus.emit(trx, { type: 'user.created', aggregateId: `x-${i}`, payload: { userId: `x-${i}`, role: 'customer' } }),
          );
        // Two SQLite connections in one thread would block each other synchronously (busy
        // timeout), so there the "processes" take turns; PostgreSQL runs them concurrently.
        if (dialect === 'postgres') await Promise.all([ctx.bus.drain(), other.bus.drain(), ctx.bus.drain()]);
        else for (const b of [other.bus, ctx.bus, other.bus]) await b.drain();
        expect(await effects(name)).toBe(40);
        const pending = await ctx.bus.lag();
        expect(pending.pending).toBe(0);
      } finally {
        await other.close();
      }
    });
  },
  { clock },
);

it('backs off exponentially with jitter', () => {
  for (let a = 1; a <= 12; a++) {
    const base = Math.min(600_000, 1000 * 2 ** (a - 1));
    const d = retryDelayMs(a);
    expect(d).toBeGreaterThanOrEqual(base / 2);
    expect(d).toBeLessThanOrEqual(base * 1.5);
  }
});

describeStore('event retention', (store) => {
  it('prunes delivered events after a week but keeps those still being retried or dead', async () => {
    const { ctx } = store();
    const { pruneEvents } = await import('./retention.js');
    const old = '2020-01-01T00:00:00.000Z';
    const row = (id: string) => ({
      id,
      type: 'user.created',
      aggregate_id: id,
      payload: '{}',
      created_at: old,
      dispatched_at: old,
      claimed_by: null,
      claimed_until: null,
    });
    await ctx.db
      .insertInto('outbox')
      .values([row('ret-old'), row('ret-retry'), row('ret-dead')])
      .execute();
    await ctx.db
      .insertInto('event_retries')
      .values({ consumer: 'c', event_id: 'ret-retry', seq: 1, attempts: 1, next_attempt_at: old, last_error: 'x' })
      .execute();
    await ctx.db
      .insertInto('dead_letters')
      .values({
        id: 'dl-ret',
        consumer: 'c',
        event_id: 'ret-dead',
        seq: 2,
        type: 'user.created',
        payload: '{}',
        error: 'x',
        attempts: 8,
        created_at: old,
        redriven_at: null,
      })
      .execute();
    await ctx.db.insertInto('inbox').values({ consumer: 'c', event_id: 'ret-old', processed_at: old }).execute();
    const r = await pruneEvents(ctx.db, new Date('2026-01-01T00:00:00Z'));
    expect(r.outbox).toBeGreaterThanOrEqual(1);
    const left = (await ctx.db.selectFrom('outbox').select('id').where('id', 'like', 'ret-%').execute()).map((x) => x.id).sort();
    expect(left).toEqual(['ret-dead', 'ret-retry']);
    expect(await ctx.db.selectFrom('inbox').selectAll().where('event_id', '=', 'ret-old').execute()).toHaveLength(0);
  });
});
