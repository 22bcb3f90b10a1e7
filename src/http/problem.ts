/**
 * Renders every failure as RFC 9457 problem+json with a stable `code`. Fastify's own errors
 * (validation, body parsing, size limits, 404) are mapped onto catalogue codes here so no
 * client ever sees a framework-specific shape.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translateDbError } from '../db/errors.js';
import { AppError, lookupError } from '../platform/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  [k: string]: unknown;
}

export function problemFor(err: unknown): { problem: Problem; headers?: Record<string, string>; report: boolean } {
  const mk = (code: string, detail?: string, extra?: Record<string, unknown>) => {
    const spec = lookupError(code) ?? { status: 500, title: 'Error' };
    return {
      ...extra,
      type: `urn:orchard:problem:${code}`,
      title: spec.title,
      status: spec.status,
      code,
      ...(detail ? { detail } : {}),
    };
  };
  if (err instanceof AppError) {
    return { problem: mk(err.code, err.detail, err.extra), headers: err.headers, report: err.report };
  }
  const fe = err as FastifyError & {
    validation?: Array<{ instancePath?: string; message?: string; params?: Record<string, unknown> }>;
    validationContext?: string;
  };
  if (fe?.validation) {
    const where = fe.validationContext ?? 'body';
    const errors = fe.validation.slice(0, 20).map((v) => {
      const extraProp = v.params?.additionalProperty;
      const path = `${where}${v.instancePath ?? ''}${extraProp ? `/${String(extraProp)}` : ''}`;
      const allowed = v.params?.allowedValues as unknown[] | undefined;
      const message = extraProp ? 'is not a known parameter' : `${v.message ?? 'is invalid'}${allowed ? `: ${allowed.join(', ')}` : ''}`;
      return { path, message };
    });
    const first = errors[0];
    return { problem: mk('validation_failed', first ? `${first.path} ${first.message}` : fe.message, { errors }), report: false };
  }
  const db = translateDbError(err);
  if (db) {
    if (db.kind === 'invalid_text')
      return { problem: mk('validation_failed', 'Text contains characters that cannot be stored (NUL)'), report: false };
    if (db.kind === 'serialization' || db.kind === 'busy')
      return { problem: mk('service_unavailable', 'The database is busy; retry'), headers: { 'retry-after': '1' }, report: false };
    return { problem: mk('conflict', `A ${db.kind} constraint rejected the change`), report: true };
  }
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: mk('malformed_json', fe.message), report: false };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: mk('payload_too_large'), report: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { problem: mk('unsupported_media_type', fe.message), report: false };
  }
  const status = fe?.statusCode;
  if (fe instanceof SyntaxError && status === 400) return { problem: mk('malformed_json', fe.message), report: false };
  if (status === 413) return { problem: mk('payload_too_large'), report: false };
  if (status === 415) return { problem: mk('unsupported_media_type'), report: false };
  if (status === 429) return { problem: mk('rate_limited', fe.message), report: false };
  if (status === 404) return { problem: mk('route_not_found'), report: false };
  if (status && status >= 400 && status < 500) return { problem: mk('validation_failed', fe.message), report: false };
  return { problem: mk('internal_error'), report: true };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const { problem, headers, report } = problemFor(err);
  if (report) req.log.error({ err }, 'request failed');
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send({ ...problem, instance: req.url.split('?')[0], requestId: req.id });
}

/**
 * Errors → problem+json. Unknown paths: page navigations (GET, not /api, not a file name)
 * get the web app's index.html so client-side routes work; everything else is a 404 problem.
 */
export function installProblemHandlers(app: FastifyInstance, webIndex?: Buffer) {
  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));
  app.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0] ?? '';
    const isPage =
      webIndex &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      !/^\/(api|media|health|metrics|docs|blobs)(\/|$)/.test(p) &&
      !/^\/(assets\/|[^/]+\.[a-z0-9]+$)/i.test(p);
    if (isPage) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(webIndex);
    return sendProblem(req, reply, new AppError('route_not_found', `${req.method} ${p}`));
  });
}
