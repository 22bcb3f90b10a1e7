/** Operational endpoints: health, readiness, metrics, OpenAPI, and the admin dead-letter view. */
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { RedisCache } from '../platform/cache-redis.js';
import { countOpenDeadLetters, listDeadLetters, redriveDeadLetter } from '../platform/events/dead-letters.js';
import { exposition } from '../platform/metrics.js';
import { guards } from './auth.js';
import { errors, Nullable, Obj, Res } from './schemas.js';
import type { Http } from './types.js';

export async function platformRoutes(app: Http, ctx: AppContext) {
  app.get('/health/live', { schema: { tags: ['ops'], response: { 200: Res({ status: Type.String() }) } } }, async () => ({ status: 'ok' }));

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['ops'],
        summary: '200 once every endpoint can be served (search index loaded included), else 503',
        response: {
          200: Res({ status: Type.String(), checks: Type.Record(Type.String(), Type.String()) }),
          503: Res({ status: Type.String(), checks: Type.Record(Type.String(), Type.String()) }),
        },
      },
    },
    async (_req, reply) => {
      const checks: Record<string, string> = { startup: ctx.lifecycle.started ? 'ok' : 'starting' };
      let ok = ctx.lifecycle.started;
      try {
        await ctx.db.selectFrom('settings').select('key').limit(1).execute();
        checks.database = 'ok';
      } catch (err) {
        ok = false;
        checks.database = `down: ${(err as Error).message}`;
      }
      // Redis only speeds things up: its state is reported, never a reason to refuse traffic.
      if (ctx.cache instanceof RedisCache) checks.redis = ctx.cache.isHealthy ? 'ok' : 'degraded: using local cache';
      // Likewise RabbitMQ: while it is away, events wait in the outbox and requests still succeed.
      if (ctx.bus.broker) checks.rabbitmq = ctx.bus.broker.isConnected ? 'ok' : 'degraded: events wait in the outbox';
      for (const m of ctx.modules) {
        const r = m.ready?.();
        if (!r) continue;
        checks[m.name] = r.ok ? 'ok' : (r.reason ?? 'not ready');
        ok &&= r.ok;
      }
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const lag = await ctx.bus.lag().catch(() => undefined);
    if (lag) {
      ctx.metrics.outboxPending.set(lag.pending);
      ctx.metrics.outboxOldestSeconds.set(lag.oldestMs / 1000);
    }
    const dead = await countOpenDeadLetters(ctx.db).catch(() => undefined);
    if (dead !== undefined) ctx.metrics.deadLettersOpen.set(dead);
    const broker = ctx.bus.broker;
    if (broker?.isConnected) {
      const names = ctx.bus
        .registeredConsumers()
        .filter((c) => c.kind === 'durable')
        .map((c) => broker.queueFor(c.name));
      for (const [queue, depth] of Object.entries(await broker.depth([...names, broker.name('dead-letters')])))
        if (depth >= 0) ctx.metrics.queueDepth.set({ queue }, depth);
    }
    const extra = ctx.lifecycle.extraMetrics ? await ctx.lifecycle.extraMetrics().catch(() => undefined) : undefined;
    const out = await exposition(ctx.metrics.registry, extra ? [extra] : []);
    return reply.type(out.contentType).send(out.body);
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const DeadLetter = Res({
    id: Type.String(),
    consumer: Type.String(),
    eventId: Type.String(),
    type: Type.String(),
    payload: Type.Unknown(),
    error: Type.String(),
    attempts: Type.Integer(),
    createdAt: Type.String(),
    redrivenAt: Nullable(Type.String()),
  });

  app.get(
    '/api/v1/admin/dead-letters',
    {
      schema: {
        tags: ['admin'],
        summary: 'Events that exhausted their retries',
        querystring: Obj({ all: Type.Optional(Type.Boolean()) }),
        response: { 200: Res({ deadLetters: Type.Array(DeadLetter) }), ...errors(401, 403) },
      },
      preHandler: guards.role('admin'),
    },
    async (req) => ({ deadLetters: await listDeadLetters(ctx.db, { includeRedriven: req.query.all }) }),
  );

  app.post(
    '/api/v1/admin/dead-letters/:id/redrive',
    {
      schema: {
        tags: ['admin'],
        summary: 'Retry a dead-lettered event now',
        params: Obj({ id: Type.String({ maxLength: 64 }) }),
        response: { 202: Res({ status: Type.String() }), ...errors(401, 403, 404) },
      },
      preHandler: guards.role('admin'),
    },
    async (req, reply) => {
      await redriveDeadLetter(ctx.db, ctx.clock, req.params.id);
      ctx.bus.nudge();
      return reply.code(202).send({ status: 'scheduled' });
    },
  );
}
