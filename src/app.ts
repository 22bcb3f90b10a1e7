/**
 * buildApp(ctx) → a Fastify instance with every route, schema and hook, not listening.
 * Tests drive it with app.inject(); main.ts calls listen().
 */
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { AppContext } from './context.js';
import { installAuth } from './http/auth.js';
import { platformRoutes } from './http/platform.routes.js';
import { installProblemHandlers } from './http/problem.js';
import type { Http } from './http/types.js';
import { RedisCache } from './platform/cache-redis.js';
import { AppError } from './platform/errors.js';
import { newId } from './platform/ids.js';

export interface BuildOptions {
  /** Serve the built web app (default: when web/dist exists). */
  web?: boolean;
  /** Per-IP request rate limit (default on, from config). */
  rateLimit?: boolean;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<Http> {
  const { config } = ctx;
  const app = Fastify({
    loggerInstance: ctx.log.child({ part: 'http' }),
    bodyLimit: config.http.bodyLimit,
    trustProxy: true,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
    ajv: {
      customOptions: {
        // Unknown members and query parameters are errors, not silently dropped.
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
    routerOptions: { maxParamLength: 300 },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as Http;

  const webDir = config.webDistDir;
  const webIndex =
    (opts.web ?? true) && fs.existsSync(path.join(webDir, 'index.html')) ? fs.readFileSync(path.join(webDir, 'index.html')) : undefined;
  installProblemHandlers(app, webIndex);
  // NUL characters are refused at the door so both databases see the same input (PostgreSQL
  // cannot store them in text; SQLite would).
  app.addHook('preValidation', async (req) => {
    if (
      hasNul(req.params) ||
      hasNul(req.query) ||
      (req.body !== null && typeof req.body === 'object' && !('pipe' in req.body) && hasNul(req.body))
    )
      throw new AppError('validation_failed', 'Text must not contain NUL characters');
  });
  // The API speaks JSON (and raw uploads where a route says so); text bodies are refused (415).
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  if (config.http.corsOrigins.length > 0) {
    await app.register(cors, { origin: [...config.http.corsOrigins], credentials: true });
  }
  await app.register(cookie);
  if (opts.rateLimit !== false) {
    await app.register(rateLimit, {
      max: config.http.rateLimitPerMinute,
      timeWindow: 60_000,
      // Shared across processes through Redis when configured; a Redis outage skips the limit
      // rather than failing requests.
      ...(ctx.cache instanceof RedisCache ? { redis: ctx.cache.redis, skipOnError: true, nameSpace: 'orchard:rl:' } : {}),
      allowList: (req) => !req.url.startsWith('/api/'),
      errorResponseBuilder: (_req, c) => {
        const err = new Error(`Rate limit exceeded, retry in ${Math.ceil(c.ttl / 1000)} s`) as Error & { statusCode: number };
        err.statusCode = 429;
        return err;
      },
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Orchard API',
        version: '1',
        description: 'Orchard app store API. Errors are RFC 9457 problem+json with a stable `code` (see docs/api.md).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Session token (devices) or developer API key (ok_…)' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'orchard_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  installAuth(app, ctx);
  await app.register(
    async (api) => {
      for (const m of ctx.modules) if (m.routes) await api.register(async (scope) => m.routes?.(scope as Http, ctx));
    },
    { prefix: '/api/v1' },
  );
  await app.register(async (root) => {
    await platformRoutes(root as Http, ctx);
    for (const m of ctx.modules) if (m.rootRoutes) await m.rootRoutes(root as Http, ctx);
  });

  if (webIndex) await serveWeb(app, webDir);
  return app;
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 20 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  return false;
}

/** The built web app: hashed assets cached forever; page routes fall through to index.html (see problem.ts). */
async function serveWeb(app: Http, webDir: string) {
  await app.register(fastifyStatic, {
    root: webDir,
    // "/" is a directory request: serve the app shell (deeper page routes fall through to it in problem.ts).
    index: ['index.html'],
    wildcard: true,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
