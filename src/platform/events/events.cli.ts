import type { Command } from 'commander';
import type { AppContext } from '../../context.js';
import { countOpenDeadLetters, listDeadLetters, redriveDeadLetter } from './dead-letters.js';

export function eventsCli(program: Command, open: () => Promise<AppContext>) {
  const events = program.command('events').description('inspect the outbox and dead letters');
  events
    .command('status')
    .description('outbox lag and dead-letter count')
    .action(async () => {
      const ctx = await open();
      try {
        const lag = await ctx.bus.lag();
        const deadLetters = await countOpenDeadLetters(ctx.db);
        const broker = ctx.bus.broker;
        const queues = broker
          ? await broker.depth([
              ...ctx.bus
                .registeredConsumers()
                .filter((c) => c.kind === 'durable')
                .map((c) => broker.queueFor(c.name)),
              broker.name('dead-letters'),
            ])
          : undefined;
        console.log(JSON.stringify({ pending: lag.pending, oldestPendingMs: lag.oldestMs, deadLetters, queues }));
      } finally {
        await ctx.close();
      }
    });
  events
    .command('dlq')
    .description('list dead-lettered events')
    .option('--all', 'include re-driven ones')
    .action(async (o: { all?: boolean }) => {
      const ctx = await open();
      try {
        for (const d of await listDeadLetters(ctx.db, { includeRedriven: o.all, limit: 1000 }))
          console.log(
            JSON.stringify({ id: d.id, consumer: d.consumer, type: d.type, attempts: d.attempts, error: d.error, createdAt: d.createdAt }),
          );
      } finally {
        await ctx.close();
      }
    });
  events
    .command('redrive [id]')
    .description('retry a dead-lettered event now (or every one with --all)')
    .option('--all', 're-drive every dead letter')
    .action(async (id: string | undefined, o: { all?: boolean }) => {
      const ctx = await open();
      try {
        const ids = o.all ? (await listDeadLetters(ctx.db, { limit: 100_000 })).map((d) => d.id) : id ? [id] : [];
        if (ids.length === 0) throw new Error('give a dead-letter id or --all');
        for (const i of ids) await redriveDeadLetter(ctx.db, ctx.clock, i);
        console.log(JSON.stringify({ redriven: ids.length }));
      } finally {
        await ctx.close();
      }
    });
}
