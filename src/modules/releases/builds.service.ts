/**
 * Builds: uploaded packages with their metadata. An upload is declared first (metadata and
 * size, so a too-large file or a stale build number is refused before any byte moves), then sent
 * either whole in one streamed PUT or in resumable PATCH chunks at an explicit offset (tus-like).
 * Bytes are hashed while streaming into the content-addressed blob store, never held in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { BlobStore, StoredBlob } from '../../platform/blobs.js';
import { type Clock, DAY_MS } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { BuildSigner } from './build-signing.js';
import { ownedApp } from './ownership.js';
import { checkPackage, defaultPolicy, type PackagePolicy } from './package-check.js';
import './releases.events.js';
import * as repo from './releases.repository.js';
import type { Platform } from './releases.tables.js';

registerErrors({
  build_number_not_increasing: { status: 409, title: 'The build number must be higher than every earlier build of the app' },
  build_not_found: { status: 404, title: 'No such build' },
  upload_not_found: { status: 404, title: 'No such upload' },
  upload_offset_mismatch: { status: 409, title: 'The upload offset does not match the bytes received' },
  upload_closed: { status: 409, title: 'The upload is already complete or abandoned' },
  upload_size_mismatch: { status: 400, title: 'The upload ended before the declared size' },
});

export const UPLOAD_TTL_MS = DAY_MS;

export interface BuildMetadata {
  version: string;
  buildNumber: number;
  platforms: Platform[];
  /** Minimum OS version per platform; a platform left out runs on any version. */
  minOs?: Partial<Record<Platform, string>>;
  releaseNotes?: string;
  permissions?: string[];
}

export interface Build {
  id: string;
  bundleId: string;
  version: string;
  buildNumber: number;
  platforms: Platform[];
  minOs: Partial<Record<Platform, string>>;
  sizeBytes: number;
  sha256: string;
  releaseNotes: string;
  permissions: string[];
  signedMetadata: string;
  createdAt: string;
}

export interface Upload {
  id: string;
  bundleId: string;
  sizeBytes: number;
  offset: number;
  status: 'open' | 'complete' | 'failed';
  error: string | null;
  expiresAt: string;
  uploadUrl: string;
  build: Build | null;
}

export const toBuild = (r: repo.BuildRow): Build => ({
  id: r.id,
  bundleId: r.bundle_id,
  version: r.version,
  buildNumber: Number(r.build_number),
  platforms: JSON.parse(r.platforms),
  minOs: JSON.parse(r.min_os),
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  releaseNotes: r.release_notes,
  permissions: JSON.parse(r.permissions),
  signedMetadata: r.signed_metadata,
  createdAt: r.created_at,
});

export interface BuildsDeps {
  clock: Clock;
  bus: EventBus;
  blobs: BlobStore;
  catalog: CatalogService;
  signer: BuildSigner;
  maxBytes: number;
  /** Where resumable uploads keep their partial files. */
  uploadsDir: string;
}

export class BuildsService {
  private readonly policy: PackagePolicy;
  /** The running write of each upload: requests for one upload run one after another in this process. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly d: BuildsDeps) {
    this.policy = defaultPolicy(d.maxBytes);
    fs.mkdirSync(d.uploadsDir, { recursive: true });
  }

  private now() {
    return this.d.clock.now().toISOString();
  }

  private partFile(id: string) {
    return path.join(this.d.uploadsDir, `${id}.part`);
  }

  /** Declares an upload. Refuses a size over the limit (413) or a build number that is not higher (409) up front. */
  async createUpload(db: Db, developerId: string, bundleId: string, meta: BuildMetadata & { sizeBytes: number }): Promise<Upload> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    if (meta.sizeBytes > this.d.maxBytes) throw new AppError('payload_too_large', `Builds may be at most ${this.d.maxBytes} bytes`);
    await this.assertNewBuildNumber(db, app.id, meta.buildNumber);
    const now = this.d.clock.now();
    const row = {
      id: newId(),
      app_id: app.id,
      developer_id: developerId,
      bundle_id: bundleId,
      metadata: JSON.stringify(normaliseMetadata(meta)),
      size_bytes: meta.sizeBytes,
      received_bytes: 0,
      status: 'open' as const,
      build_id: null,
      error: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      expires_at: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString(),
    };
    await repo.insertUpload(db, row);
    return this.toUpload(db, row);
  }

  async getUpload(db: Executor, developerId: string, id: string): Promise<Upload> {
    // a write still finishing (its client gone) settles first, so the offset is the real one
    await this.locks.get(id)?.catch(() => undefined);
    return this.toUpload(db, await this.ownedUpload(db, developerId, id));
  }

  /** Receives the whole file in one request, streamed straight into the blob store. */
  async putWhole(db: Db, developerId: string, id: string, body: Readable): Promise<Upload> {
    const up = await this.openUpload(db, developerId, id);
    if (Number(up.received_bytes) !== 0)
      throw new AppError('upload_offset_mismatch', 'Part of this upload arrived already; PATCH from its offset');
    return this.exclusive(id, async () => {
      const blob = await this.d.blobs.put(body, { maxBytes: Number(up.size_bytes) });
      if (blob.size !== Number(up.size_bytes)) {
        await this.dropBlobIfUnused(db, blob.sha256);
        throw new AppError('upload_size_mismatch', `Received ${blob.size} of ${up.size_bytes} bytes`);
      }
      return this.finish(db, up, blob);
    });
  }

  /**
   * Appends a chunk at `offset` (which must equal the bytes received so far). After an
   * interruption the bytes that reached the disk count, so the client asks for the offset and
   * goes on from there. The last chunk completes the upload and validates the package.
   */
  async appendChunk(db: Db, developerId: string, id: string, offset: number, body: Readable): Promise<Upload> {
    return this.exclusive(id, async () => {
      const up = await this.openUpload(db, developerId, id);
      const received = Number(up.received_bytes);
      const size = Number(up.size_bytes);
      if (offset !== received) throw new AppError('upload_offset_mismatch', `The upload is at byte ${received}`, { offset: received });
      const file = this.partFile(id);
      const handle = await fs.promises.open(file, fs.existsSync(file) ? 'r+' : 'w+');
      // bytes past the recorded offset (a crash between write and record) are written again
      await handle.truncate(received);
      await handle.close();
      let written = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          written += chunk.length;
          if (received + written > size) return cb(new AppError('payload_too_large', `The upload declared ${size} bytes`));
          cb(null, chunk);
        },
      });
      try {
        await pipeline(body, limit, fs.createWriteStream(file, { flags: 'r+', start: received }));
      } catch (err) {
        const onDisk = err instanceof AppError ? received : Math.min(size, (await fs.promises.stat(file)).size);
        await fs.promises.truncate(file, onDisk);
        await repo.advanceUpload(db, id, received, onDisk, this.now());
        throw err;
      }
      const now = received + written;
      await repo.advanceUpload(db, id, received, now, this.now());
      if (now < size) return this.toUpload(db, { ...up, received_bytes: now });
      const blob = await this.d.blobs.put(fs.createReadStream(file), { maxBytes: size });
      await fs.promises.rm(file, { force: true });
      return this.finish(db, { ...up, received_bytes: now }, blob);
    });
  }

  /** Abandons an open upload and deletes its partial file. */
  async abortUpload(db: Db, developerId: string, id: string): Promise<void> {
    const up = await this.ownedUpload(db, developerId, id);
    if (up.status !== 'open') return;
    await repo.updateUpload(db, id, { status: 'failed', error: 'aborted', updated_at: this.now() });
    await fs.promises.rm(this.partFile(id), { force: true });
  }

  /** Removes partial files of uploads nobody finished in time (hourly job). */
  async expireUploads(db: Db): Promise<number> {
    const expired = await repo.expiredUploads(db, this.now(), 500);
    for (const u of expired) {
      await repo.updateUpload(db, u.id, { status: 'failed', error: 'expired', updated_at: this.now() });
      await fs.promises.rm(this.partFile(u.id), { force: true });
    }
    return expired.length;
  }

  async listBuilds(db: Executor, developerId: string, bundleId: string, limit: number, offset: number): Promise<Build[]> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    return (await repo.listBuilds(db, app.id, limit, offset)).map(toBuild);
  }

  async getBuild(db: Executor, developerId: string, bundleId: string, buildNumber: number): Promise<Build> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    const b = await repo.findBuildByNumber(db, app.id, buildNumber);
    if (!b) throw new AppError('build_not_found');
    return toBuild(b);
  }

  private async assertNewBuildNumber(db: Executor, appId: string, buildNumber: number) {
    const latest = await repo.maxBuildNumber(db, appId);
    if (buildNumber <= latest)
      throw new AppError('build_number_not_increasing', `Build numbers must be above ${latest}`, { latestBuildNumber: latest });
  }

  /** Validates the stored package and records the build; a refused package leaves nothing behind. */
  private async finish(db: Db, up: repo.UploadRow, blob: StoredBlob): Promise<Upload> {
    const meta = JSON.parse(up.metadata) as Required<BuildMetadata>;
    try {
      await checkPackage(this.d.blobs, blob, { bundleId: up.bundle_id, version: meta.version, buildNumber: meta.buildNumber }, this.policy);
      const build = await inTransaction(db, async (trx) => {
        await this.assertNewBuildNumber(trx, up.app_id, meta.buildNumber);
        const now = this.d.clock.now();
        const id = newId();
        const signed = await this.d.signer.sign(
          {
            buildId: id,
            bundleId: up.bundle_id,
            version: meta.version,
            buildNumber: meta.buildNumber,
            sha256: blob.sha256,
            sizeBytes: blob.size,
          },
          now,
        );
        const row = {
          id,
          app_id: up.app_id,
          bundle_id: up.bundle_id,
          version: meta.version,
          build_number: meta.buildNumber,
          platforms: JSON.stringify(meta.platforms),
          min_os: JSON.stringify(meta.minOs),
          size_bytes: blob.size,
          sha256: blob.sha256,
          release_notes: meta.releaseNotes,
          permissions: JSON.stringify(meta.permissions),
          signed_metadata: signed,
          uploaded_by: up.developer_id,
          created_at: now.toISOString(),
        };
        await repo.insertBuild(trx, row);
        await trx
          .insertInto('blobs')
          .values({ sha256: blob.sha256, size: blob.size, content_type: 'application/zip', created_at: row.created_at })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        await repo.updateUpload(trx, up.id, { status: 'complete', build_id: id, received_bytes: blob.size, updated_at: row.created_at });
        await this.d.bus.emit(trx, {
          type: 'build.created',
          aggregateId: up.app_id,
          payload: { buildId: id, appId: up.app_id, bundleId: up.bundle_id, version: meta.version, buildNumber: meta.buildNumber },
        });
        return row;
      });
      return this.toUpload(db, { ...up, status: 'complete', build_id: build.id, received_bytes: blob.size });
    } catch (err) {
      await this.dropBlobIfUnused(db, blob.sha256);
      const reason = err instanceof AppError ? (err.detail ?? err.title) : 'internal error';
      if (isUniqueViolation(err)) {
        await repo.updateUpload(db, up.id, { status: 'failed', error: 'build number taken', updated_at: this.now() });
        throw new AppError('build_number_not_increasing', `Build ${meta.buildNumber} exists already`);
      }
      await repo.updateUpload(db, up.id, { status: 'failed', error: reason.slice(0, 500), updated_at: this.now() });
      throw err;
    }
  }

  private async dropBlobIfUnused(db: Executor, sha256: string) {
    if ((await repo.countBuildsWithSha(db, sha256)) === 0) await this.d.blobs.delete(sha256);
  }

  private async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(id) ?? Promise.resolve()).catch(() => undefined).then(fn);
    this.locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }
  }

  private async ownedUpload(db: Executor, developerId: string, id: string): Promise<repo.UploadRow> {
    const up = await repo.findUpload(db, id);
    if (!up || up.developer_id !== developerId) throw new AppError('upload_not_found');
    return up;
  }

  private async openUpload(db: Executor, developerId: string, id: string): Promise<repo.UploadRow> {
    const up = await this.ownedUpload(db, developerId, id);
    if (up.status !== 'open' || up.expires_at < this.now()) throw new AppError('upload_closed', up.error ?? undefined);
    return up;
  }

  private async toUpload(db: Executor, r: repo.UploadRow): Promise<Upload> {
    const b = r.build_id ? await repo.findBuild(db, r.build_id) : undefined;
    return {
      id: r.id,
      bundleId: r.bundle_id,
      sizeBytes: Number(r.size_bytes),
      offset: Number(r.received_bytes),
      status: r.status,
      error: r.error,
      expiresAt: r.expires_at,
      uploadUrl: `/api/v1/build-uploads/${r.id}`,
      build: b ? toBuild(b) : null,
    };
  }
}

function normaliseMetadata(m: BuildMetadata): Required<BuildMetadata> {
  const platforms = [...new Set(m.platforms)].sort();
  const minOs: Partial<Record<Platform, string>> = {};
  for (const p of platforms) if (m.minOs?.[p]) minOs[p] = m.minOs[p];
  return {
    version: m.version,
    buildNumber: m.buildNumber,
    platforms,
    minOs,
    releaseNotes: m.releaseNotes ?? '',
    permissions: [...new Set(m.permissions ?? [])].sort(),
  };
}
