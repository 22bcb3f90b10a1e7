/** RabbitMQ for tests: the shared broker (TEST_AMQP_URL, set by CI) behind a proxy a test can cut. */
import crypto from 'node:crypto';
import { testEnv } from './env.js';
import { TcpProxy } from './tcp-proxy.js';

export const amqpAvailable = Boolean(testEnv.amqpUrl);

/** A proxy to the broker and the env that points a store at it under a private name prefix. */
export async function amqpThroughProxy(): Promise<{ proxy: TcpProxy; env: Record<string, string> }> {
  const target = new URL(testEnv.amqpUrl ?? 'amqp://guest:guest@127.0.0.1:5672');
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return { proxy, env: { AMQP_URL: url.toString(), AMQP_PREFIX: `t${crypto.randomBytes(5).toString('hex')}.` } };
}

/** Polls until `check` is true; bounded so a broken feature fails instead of hanging. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deletes what a test declared under its prefix (queues of every durable consumer, exchanges). */
export async function deleteAmqpTopology(prefix: string, consumerNames: string[]): Promise<void> {
  const { Connection } = await import('rabbitmq-client');
  const conn = new Connection({ url: testEnv.amqpUrl ?? 'amqp://guest:guest@127.0.0.1:5672', retryLow: 100, retryHigh: 500 });
  try {
    for (const n of consumerNames) await conn.queueDelete({ queue: `${prefix}orchard.${n}` }).catch(() => {});
    await conn.queueDelete({ queue: `${prefix}app-store.dead-letters` }).catch(() => {});
    for (const e of ['events', 'tasks', 'dlx']) await conn.exchangeDelete({ exchange: `${prefix}app-store.${e}` }).catch(() => {});
  } finally {
    await conn.close();
  }
}

/** Names of every durable consumer the modules register (their queues exist under a test's prefix). */
export async function durableConsumerNames(): Promise<string[]> {
  const { createTestStore } = await import('./harness.js');
  const store = await createTestStore('sqlite');
  try {
    return store.ctx.bus
      .registeredConsumers()
      .filter((c) => c.kind === 'durable')
      .map((c) => c.name);
  } finally {
    await store.close();
  }
}
