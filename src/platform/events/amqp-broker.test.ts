/**
 * The event bus over a real RabbitMQ (TEST_AMQP_URL; CI sets it). The broker is reached through
 * a loopback proxy so a test can cut it off without disturbing the shared broker.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { amqpAvailable, amqpThroughProxy, deleteAmqpTopology, eventually } from '../../testing/amqp.js';
import { createTestStore, dialects, type TestStore } from '../../testing/harness.js';
import type { TcpProxy } from '../../testing/tcp-proxy.js';
import { redriveDeadLetter } from './dead-letters.js';
import { durable, local } from './types.js';

for (const dialect of dialects) {
  describe.skipIf(!amqpAvailable)(`event bus over RabbitMQ [${dialect}]`, () => {
    let store: TestStore;
    let proxy: TcpProxy;
    const seen = new Set<string>();
    let poisonFixed = false;

    const count = async (prefix: string) =>
      Number(
        (
          await store.ctx.db
            .selectFrom('settings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('key', 'like', `${prefix}%`)
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const distinctEvents = async (prefix: string) =>
      new Set((await store.ctx.db.selectFrom('settings').select('value').where('key', 'like', `${prefix}%`).execute()).map((r) => r.value))
        .size;
    const emit = (ids: string[]) =>
      inTransaction(store.ctx.db, (trx) =>
        store.ctx.bus.emit(
          trx,
          ids.map((userId) => ({ type: 'user.created' as const, aggregateId: userId, payload: { userId, role: 'customer' as const } })),
        ),
      );

    beforeAll(async () => {
      const a = await amqpThroughProxy();
      proxy = a.proxy;
      store = await createTestStore(dialect, { env: { ...a.env, EVENT_MAX_ATTEMPTS: '3' } });
      const bus = store.ctx.bus;
      // every effect row carries a random suffix, so a doubled effect would show as two rows
      bus.register(
        durable({
          name: 'test.amqp',
          events: ['user.created'],
          handle: async (e, trx) => {
            if (e.payload.userId.startsWith('poison') && !poisonFixed) throw new Error('poison message');
            await trx
              .insertInto('settings')
              .values({ key: `amqp:${e.payload.userId.split('-')[0]}:${crypto.randomUUID()}`, value: e.id, updated_at: e.createdAt })
              .execute();
          },
        }),
      );
      bus.register(
        local({
          name: 'test.replica',
          events: ['user.created'],
          handle: async (events) => {
            for (const e of events) seen.add(e.id);
          },
        }),
      );
      await bus.start({ durable: true, local: true });
    }, 60_000);
    afterAll(async () => {
      await store?.ctx.bus.stop();
      const durables = store?.ctx.bus.registeredConsumers().filter((c) => c.kind === 'durable') ?? [];
      await store?.close();
      await proxy?.down();
      if (store)
        await deleteAmqpTopology(
          store.config.events.amqpPrefix,
          durables.map((c) => c.name),
        );
    });

    it('relays outbox rows with publisher confirms and applies each event once', async () => {
      await emit(Array.from({ length: 200 }, (_, i) => `first-${i}`));
      await eventually(async () => (await count('amqp:first:')) >= 200 && (await store.ctx.bus.lag()).pending === 0, 'first batch');
      expect(await count('amqp:first:')).toBe(200);
      expect(await distinctEvents('amqp:first:')).toBe(200);
      const q = await store.ctx.bus.broker?.depth([store.ctx.bus.broker.queueFor('test.amqp')]);
      expect(Object.values(q ?? {})).toEqual([0]);
    });

    it('feeds this process replica through its own queue', async () => {
      const before = seen.size;
      await emit(Array.from({ length: 30 }, (_, i) => `replica-${i}`));
      await eventually(async () => seen.size >= before + 30, 'replica events');
    });

    it('dead-letters a poison message after the delivery limit, and re-drives it', async () => {
      await emit(['poison-1']);
      await eventually(
        async () => (await store.ctx.db.selectFrom('dead_letters').select('id').where('consumer', '=', 'test.amqp').execute()).length === 1,
        'dead letter archived',
      );
      const dl = await store.ctx.db.selectFrom('dead_letters').selectAll().where('consumer', '=', 'test.amqp').executeTakeFirstOrThrow();
      expect(dl.error).toContain('poison message');
      expect(await count('amqp:poison:')).toBe(0);
      poisonFixed = true;
      await redriveDeadLetter(store.ctx.db, store.ctx.clock, dl.id);
      await eventually(async () => (await count('amqp:poison:')) === 1, 'redriven effect');
    });

    it('keeps accepting events while the broker is away and drains 10,000 of them exactly once when it returns', async () => {
      const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 500 }, (_, i) => `bulk-${b}-${i}`));
      for (const b of batches.slice(0, 8)) await emit(b);
      await eventually(async () => (await count('amqp:bulk:')) > 500, 'drain started');
      await proxy.down();
      // producers never notice: their transactions only write the outbox
      for (const b of batches.slice(8)) await emit(b);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await store.ctx.bus.lag()).pending).toBeGreaterThan(0);
      expect(store.ctx.bus.broker?.isConnected).toBe(false);
      const ready = await store.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json().checks.rabbitmq).toMatch(/^degraded/);
      // the API keeps answering writes that emit events while the broker is away
      const signup = await store.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email: `outage-${crypto.randomUUID()}@example.test`, password: 'correct horse battery', displayName: 'Outage' },
      });
      expect(signup.statusCode).toBe(201);
      await proxy.up();
      await eventually(
        async () => (await count('amqp:bulk:')) >= 10_000 && (await store.ctx.bus.lag()).pending === 0,
        'all 10,000 applied after recovery',
        180_000,
      );
      expect(await count('amqp:bulk:')).toBe(10_000);
      expect(await distinctEvents('amqp:bulk:')).toBe(10_000);
      // the replica queue came back too, and caught up on what was relayed while it was gone
      const ids = await store.ctx.db.selectFrom('outbox').select('id').where('aggregate_id', 'like', 'bulk-%').execute();
      await eventually(async () => ids.every((r) => seen.has(r.id)), 'replica caught up');
    }, 240_000);
  });
}
