import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { guards, principalOf } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import * as s from './releases.schemas.js';

const devId = (req: FastifyRequest) => principalOf(req).user.developerId as string;
const reviewer = (req: FastifyRequest) => ({ userId: principalOf(req).user.id, developerId: principalOf(req).user.developerId });

/**
 * The request body behind a pass-through: when the upload is refused midway (413, 422) the
 * pipeline destroys the pass-through, not the socket, so the client still reads the answer.
 */
function body(req: FastifyRequest, reply: FastifyReply): Readable {
  const pass = new PassThrough();
  const src = req.body as Readable;
  src.on('error', (err) => pass.destroy(err));
  pass.on('close', () => {
    if (src.readableEnded) return;
    src.unpipe(pass);
    // the rest of the body is not read: close the connection after answering
    reply.header('connection', 'close');
    src.resume();
  });
  return src.pipe(pass);
}

/** Endpoints whose body is optional treat a missing one as `{}`. */
const emptyBody = async (req: FastifyRequest) => {
  req.body ??= {};
};

export async function releasesRoutes(app: Http, ctx: AppContext) {
  const { builds, versions, review } = ctx.services.releases;
  const read = guards.developer('apps:read');
  const write = guards.developer('apps:write');

  // Packages arrive as raw bodies and are streamed into the blob store, never buffered.
  app.addContentTypeParser(['application/zip', 'application/octet-stream', 'application/offset+octet-stream'], (_req, payload, done) =>
    done(null, payload),
  );

  app.post('/apps/:bundleId/build-uploads', { schema: s.createUpload, preHandler: write }, async (req, reply) => {
    const upload = await builds.createUpload(ctx.db, devId(req), req.params.bundleId, req.body);
    return reply.code(201).header('upload-offset', upload.offset).header('location', upload.uploadUrl).send({ upload });
  });

  app.get('/build-uploads/:id', { schema: s.getUpload, preHandler: read }, async (req, reply) => {
    const upload = await builds.getUpload(ctx.db, devId(req), req.params.id);
    return reply
      .header('upload-offset', upload.offset)
      .header('upload-length', upload.sizeBytes)
      .header('cache-control', 'no-store')
      .send({ upload });
  });

  app.put('/build-uploads/:id', { schema: s.putUpload, preHandler: write }, async (req, reply) => {
    const upload = await builds.putWhole(ctx.db, devId(req), req.params.id, body(req, reply));
    return reply.code(201).header('upload-offset', upload.offset).send({ upload });
  });

  app.patch('/build-uploads/:id', { schema: s.patchUpload, preHandler: write }, async (req, reply) => {
    const upload = await builds.appendChunk(ctx.db, devId(req), req.params.id, req.headers['upload-offset'], body(req, reply));
    return reply.header('upload-offset', upload.offset).send({ upload });
  });

  app.delete('/build-uploads/:id', { schema: s.deleteUpload, preHandler: write }, async (req, reply) => {
    await builds.abortUpload(ctx.db, devId(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/apps/:bundleId/builds', { schema: s.listBuilds, preHandler: read }, async (req) => {
    const { limit = 20, offset = 0 } = req.query;
    return { builds: await builds.listBuilds(ctx.db, devId(req), req.params.bundleId, limit, offset) };
  });

  app.get('/apps/:bundleId/builds/:buildNumber', { schema: s.getBuild, preHandler: read }, async (req) => ({
    build: await builds.getBuild(ctx.db, devId(req), req.params.bundleId, req.params.buildNumber),
  }));

  app.get('/builds/signing-keys', { schema: s.signingKeys }, async () => ({ keys: ctx.services.releases.signingKeys() }));

  app.post('/apps/:bundleId/versions', { schema: s.createVersion, preHandler: write }, async (req, reply) =>
    reply.code(201).send({ version: await versions.create(ctx.db, devId(req), req.params.bundleId, req.body) }),
  );

  app.get('/apps/:bundleId/versions', { schema: s.listVersions, preHandler: read }, async (req) => ({
    versions: await versions.list(ctx.db, devId(req), req.params.bundleId),
  }));

  app.get('/apps/:bundleId/versions/:version', { schema: s.getVersion, preHandler: read }, async (req) => ({
    version: await versions.get(ctx.db, devId(req), req.params.bundleId, req.params.version),
  }));

  app.patch('/apps/:bundleId/versions/:version', { schema: s.updateVersion, preHandler: write }, async (req) => ({
    version: await versions.update(ctx.db, devId(req), req.params.bundleId, req.params.version, req.body),
  }));

  app.post(
    '/apps/:bundleId/versions/:version/submit',
    { schema: { ...s.versionAction, summary: 'Run automated checks and submit for review' }, preHandler: write },
    async (req) => ({
      version: await versions.submit(ctx.db, devId(req), req.params.bundleId, req.params.version),
    }),
  );

  app.post(
    '/apps/:bundleId/versions/:version/withdraw',
    { schema: { ...s.versionAction, summary: 'Take the version out of review' }, preHandler: write },
    async (req) => ({
      version: await versions.act(ctx.db, devId(req), req.params.bundleId, req.params.version, 'withdraw'),
    }),
  );

  app.post(
    '/apps/:bundleId/versions/:version/release',
    { schema: s.releaseVersion, preValidation: emptyBody, preHandler: write },
    async (req) => ({
      version: await versions.act(ctx.db, devId(req), req.params.bundleId, req.params.version, 'release', { phased: req.body.phased }),
    }),
  );

  app.post(
    '/apps/:bundleId/versions/:version/remove',
    { schema: { ...s.versionAction, summary: 'Remove the version from sale (DEVELOPER_REMOVED)' }, preHandler: write },
    async (req) => ({
      version: await versions.act(ctx.db, devId(req), req.params.bundleId, req.params.version, 'remove'),
    }),
  );

  app.post('/apps/:bundleId/versions/:version/rollout/:action', { schema: s.rolloutAction, preHandler: write }, async (req) => ({
    version: await versions.rollout(ctx.db, devId(req), req.params.bundleId, req.params.version, req.params.action),
  }));

  const moderator = guards.role('moderator');

  app.get('/review/submissions', { schema: s.reviewQueue, preHandler: moderator }, async (req) => {
    const { limit = 20, offset = 0, state } = req.query;
    return review.queue(ctx.db, { state, limit, offset });
  });

  app.get('/review/submissions/:id', { schema: s.reviewGet, preHandler: moderator }, async (req) => ({
    submission: await review.get(ctx.db, req.params.id),
  }));

  app.post('/review/submissions/:id/start', { schema: s.reviewStart, preHandler: moderator }, async (req) => ({
    submission: await review.start(ctx.db, reviewer(req), req.params.id),
  }));

  app.post(
    '/review/submissions/:id/approve',
    { schema: s.reviewApprove, preValidation: emptyBody, preHandler: moderator },
    async (req) => ({
      submission: await review.approve(ctx.db, reviewer(req), req.params.id, req.body.note),
    }),
  );

  app.post('/review/submissions/:id/reject', { schema: s.reviewReject, preHandler: moderator }, async (req) => ({
    submission: await review.reject(ctx.db, reviewer(req), req.params.id, req.body.reasons, req.body.note),
  }));
}
