/**
 * Content-addressed blob store: a blob's name is the SHA-256 of its bytes, computed while
 * streaming, so identical files are stored once and a name can never point at other bytes.
 * `FsBlobStore` keeps files under DATA_DIR/blobs/ab/cd/<sha>; an S3 adapter implements the
 * same interface.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.js';
import { newId } from './ids.js';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  /**
   * Streams `source` (through optional checking `transforms`) into the store; rejects with
   * `payload_too_large` past `maxBytes`. On any failure nothing is kept.
   */
  put(source: Readable, opts: { maxBytes: number; transforms?: Transform[] }): Promise<StoredBlob>;
  /** Size in bytes, or undefined when absent. */
  stat(sha256: string): Promise<number | undefined>;
  /** Reads the blob, optionally an inclusive byte range. */
  read(sha256: string, range?: { start: number; end: number }): Readable;
  delete(sha256: string): Promise<void>;
}

export const isSha256 = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  private file(sha: string): string {
    if (!isSha256(sha)) throw new AppError('blob_not_found');
    return path.join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async put(source: Readable, opts: { maxBytes: number; transforms?: Transform[] }): Promise<StoredBlob> {
    const tmp = path.join(this.root, 'tmp', newId());
    const hash = crypto.createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > opts.maxBytes) return cb(new AppError('payload_too_large', `The file is over ${opts.maxBytes} bytes`));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline([source, ...(opts.transforms ?? []), meter, fs.createWriteStream(tmp, { flags: 'wx' })]);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    const dest = this.file(sha256);
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    // rename is atomic: readers see either no file or the whole file
    await fs.promises.rename(tmp, dest);
    return { sha256, size };
  }

  async stat(sha256: string): Promise<number | undefined> {
    if (!isSha256(sha256)) return undefined;
    try {
      return (await fs.promises.stat(this.file(sha256))).size;
    } catch {
      return undefined;
    }
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    // 1 MiB reads (not the 64 KiB default) roughly double throughput for large builds on loopback
    return fs.createReadStream(this.file(sha256), { highWaterMark: 1 << 20, ...(range ? { start: range.start, end: range.end } : {}) });
  }

  async delete(sha256: string): Promise<void> {
    await fs.promises.rm(this.file(sha256), { force: true });
  }
}
