/**
 * The releases module's face to the rest of the store: builds, versions and review live in their
 * own services; delivery asks here which released build a device may get.
 */
import type { JWK } from 'jose';
import type { Executor } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { BuildSigner } from './build-signing.js';
import type { Build, BuildsService } from './builds.service.js';
import { type CachedBuild, type ReleasedCache, toCached } from './released-cache.js';
import * as repo from './releases.repository.js';
import type { Platform } from './releases.tables.js';
import type { ReviewService } from './review.service.js';
import { inRollout, type RolloutView, rolloutView } from './rollout.js';
import { compareOs } from './semver.js';
import type { VersionsService } from './versions.service.js';

/** A build that is on sale (its version is READY_FOR_SALE), as delivery needs it. */
export interface ReleasedBuild
  extends Pick<
    Build,
    | 'bundleId'
    | 'version'
    | 'buildNumber'
    | 'platforms'
    | 'minOs'
    | 'sizeBytes'
    | 'sha256'
    | 'releaseNotes'
    | 'permissions'
    | 'signedMetadata'
  > {
  appId: string;
  versionId: string;
  buildId: string;
  /** null when released to everyone at once. */
  rollout: RolloutView | null;
}

export interface Device {
  platform: Platform;
  osVersion: string;
}

export class ReleasesService {
  constructor(
    readonly builds: BuildsService,
    readonly versions: VersionsService,
    readonly review: ReviewService,
    private readonly signer: BuildSigner,
    private readonly clock: Clock,
    private readonly cache: ReleasedCache,
  ) {}

  /** Public keys that verify builds' signed metadata. */
  signingKeys(): Array<JWK & { kty: string; crv: string; x: string; y: string; kid: string; alg: string; use: string }> {
    return [this.signer.publicJwk as JWK & { kty: string; crv: string; x: string; y: string; kid: string; alg: string; use: string }];
  }

  /** Released builds of many apps (cached; misses in one query), grouped by bundle id, newest build first. */
  async releasedFor(db: Executor, bundleIds: string[]): Promise<Map<string, ReleasedBuild[]>> {
    const out = new Map<string, ReleasedBuild[]>();
    const nowMs = this.clock.now().getTime();
    const missing: string[] = [];
    for (const b of bundleIds) {
      const hit = this.cache.get(b);
      if (!hit) missing.push(b);
      else if (hit.length > 0)
        out.set(
          b,
          hit.map((r) => toReleased(r, nowMs)),
        );
    }
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500);
      const found = new Map<string, CachedBuild[]>(chunk.map((b) => [b, []]));
      for (const r of await repo.releasedForBundles(db, chunk)) found.get(r.bundle_id)?.push(toCached(r));
      for (const [b, list] of found) {
        this.cache.set(b, list);
        if (list.length > 0)
          out.set(
            b,
            list.map((r) => toReleased(r, nowMs)),
          );
      }
    }
    return out;
  }

  async releasedForApp(db: Executor, appId: string): Promise<ReleasedBuild[]> {
    const nowMs = this.clock.now().getTime();
    return (await repo.releasedForApp(db, appId)).map((r) => toReleased(toCached(r), nowMs));
  }

  /** Forgets cached releases (another process changed them; or benchmarks measuring cold checks). */
  forget(bundleIds?: string[]): void {
    if (bundleIds) this.cache.drop(bundleIds);
    else this.cache.clear();
  }

  /**
   * The newest build in `list` that runs on the device and, for phased versions, that this user
   * is in the rollout of (`honorRollout`; fresh installs get the newest version, as on the big
   * stores). Halted rollouts are offered to nobody.
   */
  pick(list: ReleasedBuild[], device: Device | undefined, userId: string, honorRollout: boolean): ReleasedBuild | undefined {
    return list.find(
      (b) =>
        (!device || runsOn(b, device)) &&
        (!b.rollout || (b.rollout.status !== 'halted' && (!honorRollout || inRollout(b.rollout, userId, b.appId)))),
    );
  }

  /** Permissions declared by given builds (key `appId:buildNumber`). */
  async permissionsOf(db: Executor, pairs: Array<{ appId: string; buildNumber: number }>): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < pairs.length; i += 400) {
      for (const r of await repo.permissionsOfBuilds(db, pairs.slice(i, i + 400)))
        out.set(`${r.app_id}:${Number(r.build_number)}`, JSON.parse(r.permissions));
    }
    return out;
  }

  /** A build's identity and blob, for serving downloads. */
  async buildBlob(
    db: Executor,
    buildId: string,
  ): Promise<{ appId: string; bundleId: string; version: string; sha256: string; sizeBytes: number } | undefined> {
    const b = await repo.findBuild(db, buildId);
    return b && { appId: b.app_id, bundleId: b.bundle_id, version: b.version, sha256: b.sha256, sizeBytes: Number(b.size_bytes) };
  }
}

export function runsOn(b: Pick<ReleasedBuild, 'platforms' | 'minOs'>, d: Device): boolean {
  if (!b.platforms.includes(d.platform)) return false;
  const min = b.minOs[d.platform];
  return !min || compareOs(d.osVersion, min) >= 0;
}

function toReleased(r: CachedBuild, nowMs: number): ReleasedBuild {
  return {
    appId: r.app_id,
    bundleId: r.bundle_id,
    versionId: r.version_id,
    version: r.version,
    buildId: r.build_id,
    buildNumber: Number(r.build_number),
    platforms: r.platforms as Platform[],
    minOs: r.min_os,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    releaseNotes: r.release_notes || r.build_notes,
    permissions: r.permissions,
    signedMetadata: r.signed_metadata,
    rollout: r.phased_started_at
      ? rolloutView(
          {
            startedAt: r.phased_started_at,
            pausedAt: r.phased_paused_at,
            pausedMs: Number(r.phased_paused_ms),
            haltedAt: r.phased_halted_at,
          },
          nowMs,
        )
      : null,
  };
}
