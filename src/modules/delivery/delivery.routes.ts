import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import { sendBlob } from '../../http/send-blob.js';
import type { Http } from '../../http/types.js';
import { AppError } from '../../platform/errors.js';
import * as s from './delivery.schemas.js';

const customer = (req: FastifyRequest) => ({ id: principalOf(req).user.id, country: principalOf(req).user.country });

export async function deliveryRoutes(app: Http, ctx: AppContext) {
  const delivery = ctx.services.delivery;

  app.post('/updates/check', { schema: s.checkUpdates, preHandler: guards.user }, async (req) => ({
    updates: await delivery.checkUpdates(ctx.db, customer(req), req.body),
  }));

  app.get('/apps/:bundleId/download', { schema: s.downloadTicket, preHandler: guards.user }, async (req) => {
    const { platform, osVersion } = req.query;
    const device = platform ? { platform, osVersion: osVersion ?? '0' } : undefined;
    return { download: await delivery.downloadTicket(ctx.db, customer(req), req.params.bundleId, device) };
  });

  app.post('/apps/:bundleId/get', { schema: s.getFree, preHandler: guards.user }, async (req, reply) => {
    const r = await delivery.getFree(ctx.db, customer(req), req.params.bundleId);
    return reply.code(r.created ? 201 : 200).send(r);
  });

  app.get(
    '/apps/:bundleId/analytics/downloads',
    { schema: s.downloadAnalytics, preHandler: guards.developer('analytics:read') },
    async (req) => delivery.downloadsByDay(ctx.db, principalOf(req).user.developerId as string, req.params.bundleId, req.query),
  );
}

/** The package bytes, outside /api/v1: authorised by the URL's signature, not a session. */
export async function downloadRoutes(app: Http, ctx: AppContext) {
  const delivery = ctx.services.delivery;
  app.get('/downloads/:buildId', { schema: s.blob }, async (req, reply) => {
    const { u, c, p, e, s: sig } = req.query;
    if (!u || !c || !p || !e || !sig || !/^\d+$/.test(e)) throw new AppError('download_link_invalid');
    const grant = delivery.verifyLink(req.params.buildId, { u, c, p: p === 'u' ? 'u' : 'i', e: Number(e), s: sig });
    const build = await ctx.services.releases.buildBlob(ctx.db, grant.buildId);
    if (!build) throw new AppError('blob_not_found');
    const etag = `"${build.sha256}"`;
    const revalidating = req.headers['if-none-match']?.split(',').some((t) => t.trim() === etag);
    const resuming = req.headers.range !== undefined && !/^bytes=0-/.test(req.headers.range);
    if (req.method === 'GET' && !revalidating && !resuming) await delivery.recordDownload(ctx.db, grant, build.appId);
    return sendBlob(req, reply, ctx.blobs, {
      sha256: build.sha256,
      size: build.sizeBytes,
      contentType: 'application/zip',
      // the bytes behind a build id never change; the signature keeps it private
      cacheControl: 'private, max-age=31536000, immutable',
      downloadName: `${build.bundleId}-${build.version}.zip`,
    });
  });
}
