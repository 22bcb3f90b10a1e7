import type { FastifyReply, FastifyRequest } from 'fastify';
import rangeParser from 'range-parser';
import type { BlobStore } from '../platform/blobs.js';
import { AppError } from '../platform/errors.js';

export interface BlobResponse {
  sha256: string;
  size: number;
  contentType: string;
  /** e.g. "public, max-age=31536000, immutable" for content-addressed URLs. */
  cacheControl: string;
  downloadName?: string;
}

/**
 * Serves a stored blob with validators and resumable ranges: strong ETag (the sha256),
 * If-None-Match → 304, single `Range` → 206 with Content-Range, unsatisfiable → 416.
 */
export function sendBlob(req: FastifyRequest, reply: FastifyReply, store: BlobStore, blob: BlobResponse) {
  const etag = `"${blob.sha256}"`;
  reply
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('cache-control', blob.cacheControl)
    .header('x-content-sha256', blob.sha256)
    .header('content-type', blob.contentType);
  if (blob.downloadName) reply.header('content-disposition', `attachment; filename="${blob.downloadName.replace(/[^\w.-]/g, '_')}"`);
  const inm = req.headers['if-none-match'];
  if (inm?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return reply.code(304).send();
  }
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'];
  if (rangeHeader && (!ifRange || ifRange === etag)) {
    const ranges = rangeParser(blob.size, rangeHeader, { combine: true });
    if (ranges === -1) {
      reply.header('content-range', `bytes */${blob.size}`);
      throw new AppError('range_not_satisfiable', undefined, undefined, { 'content-range': `bytes */${blob.size}` });
    }
    if (ranges !== -2 && ranges.length === 1 && ranges[0]) {
      const { start, end } = ranges[0];
      reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${blob.size}`)
        .header('content-length', end - start + 1);
      if (req.method === 'HEAD') return reply.send();
      return reply.send(store.read(blob.sha256, { start, end }));
    }
  }
  reply.header('content-length', blob.size);
  if (req.method === 'HEAD') return reply.send();
  return reply.send(store.read(blob.sha256));
}
