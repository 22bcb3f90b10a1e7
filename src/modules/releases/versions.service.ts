/**
 * App versions and their way to the store: prepare → submit (automated checks) → review →
 * release (manual, automatic, or phased over seven days) → removal. Every move goes through the
 * transition table and writes a history row and an event in the same transaction.
 */
import type { Db, Executor, Tx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import { type Build, toBuild } from './builds.service.js';
import { runChecks, type SubmissionChecks } from './checks.js';
import { ownedApp } from './ownership.js';
import type { ReleasedCache } from './released-cache.js';
import * as repo from './releases.repository.js';
import type { ReleaseMode, VersionState } from './releases.tables.js';
import { MAX_PAUSE_MS, pausedSoFar, type RolloutView, rolloutView } from './rollout.js';
import { compareSemver } from './semver.js';
import { allowedActions, EDITABLE_STATES, nextState, OPEN_STATES, type VersionAction } from './transitions.js';

registerErrors({
  version_not_found: { status: 404, title: 'No such version' },
  version_exists: { status: 409, title: 'This version exists already' },
  version_not_increasing: { status: 409, title: 'A new version must be higher than every earlier version' },
  version_in_progress: { status: 409, title: 'Another version of this app is still being prepared or reviewed' },
  version_locked: { status: 409, title: 'The version cannot be edited in its current state' },
  build_version_mismatch: { status: 422, title: 'The build carries another version' },
  submission_incomplete: { status: 422, title: 'The version fails automated checks' },
  rollout_not_active: { status: 409, title: 'There is no phased rollout in progress to change' },
  pause_limit_reached: { status: 409, title: 'The rollout has used its 30 days of pause' },
});

export interface Actor {
  id: string | null;
  role: 'developer' | 'reviewer' | 'system';
}

export interface HistoryEntry {
  from: VersionState | null;
  to: VersionState;
  action: string;
  actorRole: Actor['role'];
  reasons: Array<{ code?: string; message: string }> | null;
  note: string | null;
  at: string;
}

export interface Rollout extends RolloutView {
  startedAt: string;
  pausedAt: string | null;
  haltedAt: string | null;
}

export interface Version {
  id: string;
  appId: string;
  developerId: string;
  bundleId: string;
  version: string;
  state: VersionState;
  releaseMode: ReleaseMode;
  releaseNotes: string;
  build: Build | null;
  checks: SubmissionChecks | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  releasedAt: string | null;
  rollout: Rollout | null;
  allowedActions: VersionAction[];
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface VersionsDeps {
  clock: Clock;
  bus: EventBus;
  catalog: CatalogService;
  /** Released builds cached for update checks; dropped after every commit that may change them. */
  released: ReleasedCache;
}

export class VersionsService {
  constructor(private readonly d: VersionsDeps) {}

  private now() {
    return this.d.clock.now().toISOString();
  }

  /** Starts a new version (PREPARE_FOR_SUBMISSION); one open version per app, versions only go up. */
  async create(
    db: Db,
    developerId: string,
    bundleId: string,
    input: { version: string; releaseMode?: ReleaseMode; releaseNotes?: string; buildNumber?: number },
  ): Promise<Version> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    const id = newId();
    try {
      await inTransaction(db, async (trx) => {
        const existing = await repo.listVersions(trx, app.id);
        if (existing.some((v) => v.version === input.version)) throw new AppError('version_exists');
        const open = existing.find((v) => OPEN_STATES.includes(v.state));
        if (open) throw new AppError('version_in_progress', `Version ${open.version} is ${open.state}`);
        const highest = existing
          .map((v) => v.version)
          .sort(compareSemver)
          .at(-1);
        if (highest && compareSemver(input.version, highest) <= 0)
          throw new AppError('version_not_increasing', `Versions must be above ${highest}`, { latestVersion: highest });
        const buildId = input.buildNumber === undefined ? null : (await this.buildFor(trx, app.id, input.buildNumber, input.version)).id;
        await repo.insertVersion(
          trx,
          repo.newVersionRow({
            id,
            app_id: app.id,
            bundle_id: bundleId,
            developer_id: developerId,
            version: input.version,
            state: 'PREPARE_FOR_SUBMISSION',
            release_mode: input.releaseMode ?? 'manual',
            build_id: buildId,
            release_notes: input.releaseNotes ?? '',
            created_at: this.now(),
          }),
        );
        await this.record(trx, (await repo.findVersionById(trx, id)) as repo.VersionRow, null, 'PREPARE_FOR_SUBMISSION', 'create', {
          id: developerId,
          role: 'developer',
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('version_exists');
      throw err;
    }
    return this.view(db, (await repo.findVersionById(db, id)) as repo.VersionRow);
  }

  /** Changes the build, release notes or release mode while the version is being prepared (or was rejected). */
  async update(
    db: Db,
    developerId: string,
    bundleId: string,
    version: string,
    patch: { buildNumber?: number; releaseNotes?: string; releaseMode?: ReleaseMode },
  ): Promise<Version> {
    const v = await inTransaction(db, async (trx) => {
      const v = await this.owned(trx, developerId, bundleId, version);
      if (!EDITABLE_STATES.includes(v.state)) throw new AppError('version_locked', `The version is ${v.state}`);
      const set: Partial<repo.VersionRow> = { updated_at: this.now() };
      if (patch.buildNumber !== undefined) set.build_id = (await this.buildFor(trx, v.app_id, patch.buildNumber, v.version)).id;
      if (patch.releaseNotes !== undefined) set.release_notes = patch.releaseNotes;
      if (patch.releaseMode !== undefined) set.release_mode = patch.releaseMode;
      await repo.updateVersion(trx, v.id, set);
      return v;
    });
    return this.view(db, (await repo.findVersionById(db, v.id)) as repo.VersionRow);
  }

  /** Runs the automated checks and, when nothing blocks, puts the version in the review queue. */
  async submit(db: Db, developerId: string, bundleId: string, version: string): Promise<Version> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    const id = await inTransaction(db, async (trx) => {
      const v = await this.owned(trx, developerId, bundleId, version);
      nextState(v.state, 'submit');
      const build = v.build_id ? await repo.findBuild(trx, v.build_id) : undefined;
      const previous = (await repo.releasedForApp(trx, v.app_id)).find(
        (r) => Number(r.build_number) < Number(build?.build_number ?? Infinity),
      );
      const checks = runChecks({
        app,
        version: { version: v.version, releaseNotes: v.release_notes },
        build: build ? toBuild(build) : undefined,
        previous: previous ? { version: previous.version, permissions: JSON.parse(previous.permissions) } : undefined,
        now: this.d.clock.now(),
      });
      if (!checks.passed) {
        const failed = checks.results.filter((r) => !r.ok && r.blocking);
        throw new AppError('submission_incomplete', failed.map((r) => r.message).join('; '), { checks: checks.results });
      }
      await this.move(
        trx,
        v,
        'submit',
        { id: developerId, role: 'developer' },
        { checks: JSON.stringify(checks), submitted_at: this.now() },
      );
      return v.id;
    });
    return this.view(db, (await repo.findVersionById(db, id)) as repo.VersionRow);
  }

  /** Developer actions that only move the state: withdraw from review, release an approved version, remove. */
  async act(
    db: Db,
    developerId: string,
    bundleId: string,
    version: string,
    action: 'withdraw' | 'release' | 'remove',
    opts: { phased?: boolean } = {},
  ): Promise<Version> {
    const id = await inTransaction(db, async (trx) => {
      const v = await this.owned(trx, developerId, bundleId, version);
      const actor: Actor = { id: developerId, role: 'developer' };
      if (action === 'release') await this.release(trx, v, actor, opts.phased ?? v.release_mode === 'phased');
      else if (action === 'remove') await this.remove(trx, v, actor);
      else await this.move(trx, v, action, actor, {});
      return v.id;
    });
    await this.afterRelease(bundleId);
    return this.view(db, (await repo.findVersionById(db, id)) as repo.VersionRow);
  }

  /** Phased rollout controls: pause (30 days at most in total), resume, halt, or release to everyone now. */
  async rollout(
    db: Db,
    developerId: string,
    bundleId: string,
    version: string,
    action: 'pause' | 'resume' | 'halt' | 'complete',
  ): Promise<Version> {
    const id = await inTransaction(db, async (trx) => {
      const v = await this.owned(trx, developerId, bundleId, version);
      const nowMs = this.d.clock.now().getTime();
      const view = this.rolloutOf(v, nowMs);
      if (v.state !== 'READY_FOR_SALE' || !view || view.status === 'halted' || view.status === 'complete')
        throw new AppError('rollout_not_active', view ? `The rollout is ${view.status}` : undefined);
      const set: Partial<repo.VersionRow> = { updated_at: this.now() };
      if (action === 'pause') {
        if (view.status === 'paused') return v.id;
        if (view.pauseLeftMs <= 0) throw new AppError('pause_limit_reached');
        set.phased_paused_at = this.now();
      } else if (action === 'resume') {
        if (view.status !== 'paused') return v.id;
        Object.assign(set, this.resumed(v, nowMs));
      } else if (action === 'halt') {
        Object.assign(set, this.resumed(v, nowMs), { phased_halted_at: this.now() });
      } else {
        // everyone now: move the start back so the schedule reads day 7 (100%)
        Object.assign(set, {
          phased_paused_at: null,
          phased_paused_ms: 0,
          phased_started_at: new Date(nowMs - 6 * 86_400_000).toISOString(),
        });
      }
      await repo.updateVersion(trx, v.id, set);
      await this.record(trx, v, v.state, v.state, `rollout_${action}`, { id: developerId, role: 'developer' });
      await this.d.bus.emit(trx, {
        type: 'version.rollout_changed',
        aggregateId: v.app_id,
        payload: { versionId: v.id, appId: v.app_id, bundleId: v.bundle_id, action },
      });
      return v.id;
    });
    this.d.released.drop(bundleId);
    return this.view(db, (await repo.findVersionById(db, id)) as repo.VersionRow);
  }

  /** Ends pauses that ran out of allowance (the rollout resumes by itself) so the record says so. */
  async settleRollouts(db: Db): Promise<number> {
    const nowMs = this.d.clock.now().getTime();
    let n = 0;
    for (const v of await repo.liveRollouts(db)) {
      if (!v.phased_paused_at || pausedSoFar(this.times(v), nowMs) < MAX_PAUSE_MS) continue;
      await inTransaction(db, async (trx) => {
        await repo.updateVersion(trx, v.id, { ...this.resumed(v, nowMs), updated_at: this.now() });
        await this.record(trx, v, v.state, v.state, 'rollout_auto_resume', { id: null, role: 'system' }, null, 'Paused for 30 days');
        await this.d.bus.emit(trx, {
          type: 'version.rollout_changed',
          aggregateId: v.app_id,
          payload: { versionId: v.id, appId: v.app_id, bundleId: v.bundle_id, action: 'auto_resume' },
        });
      });
      this.d.released.drop(v.bundle_id);
      n++;
    }
    return n;
  }

  async list(db: Executor, developerId: string, bundleId: string): Promise<Version[]> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    return this.views(db, await repo.listVersions(db, app.id));
  }

  async get(db: Executor, developerId: string, bundleId: string, version: string): Promise<Version> {
    return this.view(db, await this.owned(db, developerId, bundleId, version));
  }

  // --- used by review and by the transition helpers ---

  /** Moves a version by `action` (compare-and-set on its state), with history and event. */
  async move(
    trx: Tx,
    v: repo.VersionRow,
    action: VersionAction,
    actor: Actor,
    patch: Partial<repo.VersionRow>,
    reasons: HistoryEntry['reasons'] = null,
    note: string | null = null,
  ): Promise<VersionState> {
    const to = nextState(v.state, action);
    const r = await repo.moveVersion(trx, v.id, v.state, { ...patch, state: to, updated_at: this.now() });
    if (Number(r.numUpdatedRows) === 0) throw new AppError('invalid_transition', 'The version changed meanwhile; reload it');
    await this.record(trx, v, v.state, to, action, actor, reasons, note);
    await this.d.bus.emit(trx, {
      type: 'version.state_changed',
      aggregateId: v.app_id,
      payload: {
        versionId: v.id,
        appId: v.app_id,
        bundleId: v.bundle_id,
        developerId: v.developer_id,
        version: v.version,
        from: v.state,
        to,
        action,
      },
    });
    return to;
  }

  /** After a commit that may change what is on sale: drop this process's cached views (others follow the events). */
  async afterRelease(bundleId: string): Promise<void> {
    this.d.released.drop(bundleId);
    await this.d.catalog.forgetApp(bundleId);
  }

  /** To READY_FOR_SALE: the catalog shows the version, phased rollouts start their clock. */
  async release(trx: Tx, v: repo.VersionRow, actor: Actor, phased: boolean, action: VersionAction = 'release'): Promise<void> {
    const now = this.now();
    await this.move(trx, v, action, actor, { released_at: now, phased_started_at: phased ? now : null });
    const build = v.build_id ? await repo.findBuild(trx, v.build_id) : undefined;
    if (!build) throw new AppError('invalid_transition', 'The version has no build');
    await this.d.catalog.setCurrentVersion(trx, v.app_id, { version: v.version, sizeBytes: Number(build.size_bytes) });
    await this.d.bus.emit(trx, {
      type: 'version.released',
      aggregateId: v.app_id,
      payload: { versionId: v.id, appId: v.app_id, bundleId: v.bundle_id, version: v.version, buildId: build.id, phased },
    });
  }

  private async remove(trx: Tx, v: repo.VersionRow, actor: Actor) {
    const wasOnSale = v.state === 'READY_FOR_SALE';
    await this.move(trx, v, 'remove', actor, {});
    if (!wasOnSale) return;
    // the listing falls back to the newest version still on sale
    const current = (await repo.releasedForApp(trx, v.app_id))[0];
    if (current) await this.d.catalog.setCurrentVersion(trx, v.app_id, { version: current.version, sizeBytes: Number(current.size_bytes) });
  }

  private resumed(v: repo.VersionRow, nowMs: number): Partial<repo.VersionRow> {
    return { phased_paused_ms: pausedSoFar(this.times(v), nowMs), phased_paused_at: null };
  }

  private times(v: Pick<repo.VersionRow, 'phased_started_at' | 'phased_paused_at' | 'phased_paused_ms' | 'phased_halted_at'>) {
    return {
      startedAt: v.phased_started_at,
      pausedAt: v.phased_paused_at,
      pausedMs: Number(v.phased_paused_ms),
      haltedAt: v.phased_halted_at,
    };
  }

  rolloutOf(v: Parameters<VersionsService['times']>[0], nowMs: number): RolloutView | null {
    return v.phased_started_at ? rolloutView(this.times(v), nowMs) : null;
  }

  private async record(
    trx: Executor,
    v: repo.VersionRow,
    from: VersionState | null,
    to: VersionState,
    action: string,
    actor: Actor,
    reasons: HistoryEntry['reasons'] = null,
    note: string | null = null,
  ) {
    await repo.insertHistory(trx, {
      id: newId(),
      version_id: v.id,
      from_state: from,
      to_state: to,
      action,
      actor_id: actor.id,
      actor_role: actor.role,
      reasons: reasons ? JSON.stringify(reasons) : null,
      note,
      at: this.now(),
    });
  }

  private async buildFor(trx: Executor, appId: string, buildNumber: number, version: string) {
    const b = await repo.findBuildByNumber(trx, appId, buildNumber);
    if (!b) throw new AppError('build_not_found', `No build ${buildNumber}`);
    if (b.version !== version) throw new AppError('build_version_mismatch', `Build ${buildNumber} is version ${b.version}, not ${version}`);
    return b;
  }

  async owned(db: Executor, developerId: string, bundleId: string, version: string): Promise<repo.VersionRow> {
    const app = await ownedApp(this.d.catalog, db, developerId, bundleId);
    const v = await repo.findVersion(db, app.id, version);
    if (!v) throw new AppError('version_not_found');
    return v;
  }

  async view(db: Executor, v: repo.VersionRow): Promise<Version> {
    return (await this.views(db, [v]))[0] as Version;
  }

  async views(db: Executor, rows: repo.VersionRow[]): Promise<Version[]> {
    const history = await repo.historyOf(
      db,
      rows.map((r) => r.id),
    );
    const nowMs = this.d.clock.now().getTime();
    const out: Version[] = [];
    for (const v of rows) {
      const b = v.build_id ? await repo.findBuild(db, v.build_id) : undefined;
      const view = this.rolloutOf(v, nowMs);
      out.push({
        id: v.id,
        appId: v.app_id,
        developerId: v.developer_id,
        bundleId: v.bundle_id,
        version: v.version,
        state: v.state,
        releaseMode: v.release_mode,
        releaseNotes: v.release_notes,
        build: b ? toBuild(b) : null,
        checks: v.checks ? JSON.parse(v.checks) : null,
        submittedAt: v.submitted_at,
        reviewedAt: v.reviewed_at,
        releasedAt: v.released_at,
        rollout: view
          ? {
              ...view,
              startedAt: v.phased_started_at as string,
              pausedAt: view.status === 'paused' ? v.phased_paused_at : null,
              haltedAt: v.phased_halted_at,
            }
          : null,
        allowedActions: allowedActions(v.state),
        history: history
          .filter((h) => h.version_id === v.id)
          .map((h) => ({
            from: h.from_state,
            to: h.to_state,
            action: h.action,
            actorRole: h.actor_role,
            reasons: h.reasons ? JSON.parse(h.reasons) : null,
            note: h.note,
            at: h.at,
          })),
        createdAt: v.created_at,
        updatedAt: v.updated_at,
      });
    }
    return out;
  }
}
