import { afterEach, describe, expect, it } from 'vitest';
import type { Upload } from '../api/releases';
import { CHUNK_BYTES, sendPackage } from './upload';

/** A fake server for one upload session: PATCH chunks over a fake XMLHttpRequest, GET over fetch. */
function fakeServer(size: number, opts: { dropChunkAt?: number; refuse?: string } = {}) {
  const received: number[] = [];
  let offset = 0;
  let dropped = false;
  const session = (): Upload => ({
    id: 'u1',
    bundleId: 'com.example.a',
    sizeBytes: size,
    offset,
    status: offset === size ? 'complete' : 'open',
    error: null,
    expiresAt: '2030-01-01T00:00:00Z',
    uploadUrl: '/api/v1/build-uploads/u1',
    build: null,
  });
  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: { loaded: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private headers: Record<string, string> = {};
    open() {}
    setRequestHeader(k: string, v: string) {
      this.headers[k] = v;
    }
    abort() {}
    send(body: Blob) {
      const at = Number(this.headers['upload-offset']);
      queueMicrotask(() => {
        if (at !== offset) {
          this.status = 409;
          this.responseText = JSON.stringify({ code: 'upload_offset_mismatch' });
          return this.onload?.();
        }
        // The connection drops after the server stored half of this chunk.
        if (opts.dropChunkAt === at && !dropped) {
          dropped = true;
          offset += Math.floor(body.size / 2);
          return this.onerror?.();
        }
        if (offset + body.size === size && opts.refuse) {
          this.status = 422;
          this.responseText = JSON.stringify({ code: 'invalid_package', detail: opts.refuse });
          return this.onload?.();
        }
        this.upload.onprogress?.({ loaded: body.size });
        received.push(at);
        offset += body.size;
        this.status = 200;
        this.responseText = JSON.stringify({ upload: session() });
        this.onload?.();
      });
    }
  }
  Object.assign(globalThis, {
    XMLHttpRequest: FakeXhr,
    fetch: async () => new Response(JSON.stringify({ upload: session() }), { status: 200 }),
  });
  return { received, session };
}

const original = { xhr: globalThis.XMLHttpRequest, fetch: globalThis.fetch };
afterEach(() => Object.assign(globalThis, { XMLHttpRequest: original.xhr, fetch: original.fetch }));

describe('sendPackage', () => {
  const size = CHUNK_BYTES * 2 + 123;
  const file = new Blob([new Uint8Array(size)]);

  it('sends the file in chunks at the server’s offsets and reports progress up to the end', async () => {
    const server = fakeServer(size);
    const seen: number[] = [];
    const done = await sendPackage(server.session(), file, (p) => seen.push(p.sent));
    expect(done.status).toBe('complete');
    expect(server.received).toEqual([0, CHUNK_BYTES, CHUNK_BYTES * 2]);
    expect(seen.at(-1)).toBe(size);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('resumes from the offset the server reports after a dropped connection', async () => {
    const server = fakeServer(size, { dropChunkAt: CHUNK_BYTES });
    const done = await sendPackage(server.session(), file, () => {});
    expect(done.status).toBe('complete');
    // The retry starts where the server's copy ends, not at the chunk boundary, and sends the rest.
    expect(server.received).toEqual([0, CHUNK_BYTES + CHUNK_BYTES / 2]);
  });

  it('does not retry a refused package and surfaces the reason', async () => {
    const server = fakeServer(size, { refuse: 'the ZIP has an entry outside the archive' });
    await expect(sendPackage(server.session(), file, () => {})).rejects.toMatchObject({
      status: 422,
      code: 'invalid_package',
      detail: 'the ZIP has an entry outside the archive',
    });
  });
});
