import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import { sendBlob } from '../../http/send-blob.js';
import type { Http } from '../../http/types.js';
import { AppError } from '../../platform/errors.js';
import * as s from './catalog.schemas.js';
import { categories, categorySlug, parseCategory } from './categories.js';

export async function catalogRoutes(app: Http, ctx: AppContext) {
  const catalog = ctx.services.catalog;
  const devId = (req: Parameters<typeof principalOf>[0]) => principalOf(req).user.developerId as string;

  // Image uploads arrive as raw bodies and are streamed into the blob store.
  app.addContentTypeParser(/^image\//, (_req, payload, done) => done(null, payload));

  app.get('/categories', { schema: s.listCategories }, async () => ({ categories: await catalog.categoryCounts(ctx.db) }));

  app.get('/categories/:slug/apps', { schema: s.categoryApps }, async (req) => {
    const category = parseCategory(req.params.slug);
    if (!category) throw new AppError('unknown_category', `Unknown category "${req.params.slug}"`, { allowed: categories });
    const { limit = 20, offset = 0, sort = 'popular', country } = req.query;
    const r = await catalog.listApps(ctx.db, { category, sort, limit, offset, country });
    return { category: { name: category, slug: categorySlug(category) }, ...r, limit, offset };
  });

  app.get('/apps', { schema: s.listApps }, async (req) => {
    const { limit = 20, offset = 0, sort = 'popular', country, category } = req.query;
    return { ...(await catalog.listApps(ctx.db, { category, sort, limit, offset, country })), limit, offset };
  });

  app.get('/apps/:bundleId', { schema: s.appDetail }, async (req) =>
    catalog.getApp(ctx.db, req.params.bundleId, {
      country: req.query.country ?? req.principal?.user.country,
      ownerDeveloperId: req.principal?.user.developerId ?? undefined,
    }),
  );

  app.get('/developers/:slug/apps', { schema: s.developerApps }, async (req) => {
    const dev = await ctx.services.accounts.getDeveloperBySlug(ctx.db, req.params.slug);
    const { limit = 20, offset = 0 } = req.query;
    return { ...(await catalog.listApps(ctx.db, { developerId: dev.id, sort: 'popular', limit, offset })), limit, offset };
  });

  app.get('/developers/me/apps', { schema: s.myApps, preHandler: guards.developer('apps:read') }, async (req) => {
    const { limit = 20, offset = 0 } = req.query;
    return {
      ...(await catalog.listApps(ctx.db, { developerId: devId(req), sort: 'name', limit, offset, includeUnpublished: true })),
      limit,
      offset,
    };
  });

  app.post('/apps', { schema: s.createApp, preHandler: guards.developer('apps:write') }, async (req, reply) => {
    const developer = await ctx.services.accounts.getDeveloper(ctx.db, devId(req));
    return reply.code(201).send(await catalog.createApp(ctx.db, developer, req.body));
  });

  app.patch('/apps/:bundleId', { schema: s.updateApp, preHandler: guards.developer('apps:write') }, async (req) =>
    catalog.updateApp(ctx.db, devId(req), req.params.bundleId, req.body),
  );

  app.post('/apps/:bundleId/publish', { schema: s.ownedApp, preHandler: guards.developer('apps:write') }, async (req) =>
    catalog.publishApp(ctx.db, devId(req), req.params.bundleId),
  );

  app.delete('/apps/:bundleId', { schema: s.removeApp, preHandler: guards.developer('apps:write') }, async (req, reply) => {
    await catalog.removeApp(ctx.db, devId(req), req.params.bundleId);
    return reply.code(204).send(null);
  });

  app.put('/apps/:bundleId/prices', { schema: s.setPrices, preHandler: guards.developer('apps:write') }, async (req) =>
    catalog.setPrices(ctx.db, devId(req), req.params.bundleId, req.body.prices),
  );

  app.put('/apps/:bundleId/icon', { schema: s.uploadMedia, preHandler: guards.developer('apps:write') }, async (req) => {
    return catalog.setIcon(ctx.db, devId(req), req.params.bundleId, req.body as Readable, req.headers['content-type'] ?? '');
  });

  app.post('/apps/:bundleId/screenshots', { schema: s.uploadMedia, preHandler: guards.developer('apps:write') }, async (req, reply) => {
    const app = await catalog.addScreenshot(
      ctx.db,
      devId(req),
      req.params.bundleId,
      req.body as Readable,
      req.headers['content-type'] ?? '',
    );
    return reply.code(201).send(app);
  });

  app.delete(
    '/apps/:bundleId/screenshots/:position',
    { schema: s.deleteScreenshot, preHandler: guards.developer('apps:write') },
    async (req) => catalog.removeScreenshot(ctx.db, devId(req), req.params.bundleId, req.params.position),
  );
}

/** Public media outside /api/v1: content-addressed, so cacheable forever. */
export async function mediaRoutes(app: Http, ctx: AppContext) {
  const handler = async (req: { params: { sha256: string } } & Parameters<typeof sendBlob>[0], reply: Parameters<typeof sendBlob>[1]) => {
    const m = await ctx.services.catalog.publicMedia(ctx.db, req.params.sha256);
    // SVG may carry script: a sandbox CSP keeps a directly opened file inert.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return sendBlob(req, reply, ctx.blobs, { ...m, cacheControl: 'public, max-age=31536000, immutable' });
  };
  app.get('/media/:sha256', { schema: s.media }, handler);
}
