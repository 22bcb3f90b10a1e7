/**
 * A worker process for the SIGKILL test (amqp-worker-crash.test.ts): it consumes `user.created`
 * from RabbitMQ into the store named by its environment, slowly enough to be killed mid-work.
 */
import crypto from 'node:crypto';
import { loadConfig } from '../config.js';
import { createContext } from '../context.js';
import { durable } from '../platform/events/types.js';

const ctx = await createContext(loadConfig(process.env));
ctx.bus.register(crashConsumer());
await ctx.bus.start({ durable: true, local: false });
process.stdout.write('ready\n');

function crashConsumer() {
  return durable({
    name: 'test.crash',
    events: ['user.created'],
    prefetch: 8,
    handle: async (e, trx) => {
      await trx
        .insertInto('settings')
        .values({ key: `crash:${crypto.randomUUID()}`, value: e.id, updated_at: e.createdAt })
        .execute();
      await new Promise((r) => setTimeout(r, 2));
    },
  });
}
