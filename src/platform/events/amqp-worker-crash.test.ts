/**
 * A worker SIGKILLed in the middle of consuming events from RabbitMQ: after a restart, every
 * event's effect exists exactly once (unacked messages are redelivered; the inbox dedups the
 * ones whose transaction had committed before the kill).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { amqpAvailable, amqpThroughProxy, deleteAmqpTopology, eventually } from '../../testing/amqp.js';
import { createTestStore, type TestStore } from '../../testing/harness.js';
import type { TcpProxy } from '../../testing/tcp-proxy.js';
import { durable } from './types.js';

const child = path.resolve(import.meta.dirname, '../../testing/amqp-worker-child.ts');
const EVENTS = 2000;

describe.skipIf(!amqpAvailable)('a worker killed mid-consumption [sqlite, rabbitmq]', () => {
  let store: TestStore;
  let proxy: TcpProxy;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  const effects = async () => {
    const rows = await store.ctx.db.selectFrom('settings').select('value').where('key', 'like', 'crash:%').execute();
    return { rows: rows.length, events: new Set(rows.map((r) => r.value)).size };
  };

  async function startWorker(): Promise<ChildProcess> {
    const c = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, ...env, NODE_ENV: 'test', DATA_DIR: store.config.dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(c);
    await new Promise<void>((resolve, reject) => {
      c.stdout?.on('data', (d) => String(d).includes('ready') && resolve());
      c.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
    return c;
  }

  beforeAll(async () => {
    const a = await amqpThroughProxy();
    proxy = a.proxy;
    env = a.env;
    store = await createTestStore('sqlite', { env });
    // the API side only relays; it knows the consumer so its queue exists before the first publish
    store.ctx.bus.register(
      durable({
        name: 'test.crash',
        events: ['user.created'],
        handle: async () => {
          throw new Error('the relay process never consumes');
        },
      }),
    );
    await store.ctx.bus.start({ durable: false, local: false });
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    const durables = store?.ctx.bus.registeredConsumers().filter((c) => c.kind === 'durable') ?? [];
    await store?.ctx.bus.stop();
    await store?.close();
    await proxy?.down();
    if (store)
      await deleteAmqpTopology(
        env.AMQP_PREFIX ?? '',
        durables.map((c) => c.name),
      );
  });

  it('applies every event exactly once across a SIGKILL and a restart', async () => {
    const ids = Array.from({ length: EVENTS }, (_, i) => `crash-${i}`);
    for (let i = 0; i < ids.length; i += 500)
      await inTransaction(store.ctx.db, (trx) =>
        store.ctx.bus.emit(
          trx,
          ids
            .slice(i, i + 500)
            .map((userId) => ({ type: 'user.created' as const, aggregateId: userId, payload: { userId, role: 'customer' as const } })),
        ),
      );
    const first = await startWorker();
    await eventually(async () => (await effects()).rows >= 300, 'the first worker got going', 90_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await effects();
    expect(atKill.rows).toBeLessThan(EVENTS); // it really died mid-way
    await startWorker();
    await eventually(async () => (await effects()).events >= EVENTS, 'the restarted worker finished', 120_000);
    const q = store.ctx.bus.broker;
    await eventually(async () => Object.values((await q?.depth([q.queueFor('test.crash')])) ?? {})[0] === 0, 'queue empty', 30_000);
    const end = await effects();
    expect(end).toEqual({ rows: EVENTS, events: EVENTS });
  }, 240_000);
});
