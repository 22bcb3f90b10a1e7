/**
 * The reviewer queue (moderators): oldest submission first, with the automated checks and any
 * newly requested permissions up front. A reviewer starts a review, then approves or rejects
 * with reasons the developer sees in the version's history. Reviewers never review their own apps.
 */
import type { Db, Executor, Tx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import * as repo from './releases.repository.js';
import type { VersionState } from './releases.tables.js';
import type { Version, VersionsService } from './versions.service.js';

export interface Reviewer {
  userId: string;
  developerId: string | null;
}

export interface Submission extends Version {
  app: { id: string; name: string; developer: string; category: string; iconUrl: string | null };
}

export type RejectReason = { code?: string; message: string };

export class ReviewService {
  constructor(
    private readonly versions: VersionsService,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
  ) {}

  async queue(
    db: Executor,
    q: { state?: 'WAITING_FOR_REVIEW' | 'IN_REVIEW'; limit: number; offset: number },
  ): Promise<{ submissions: Submission[]; total: number }> {
    const states: VersionState[] = q.state ? [q.state] : ['WAITING_FOR_REVIEW', 'IN_REVIEW'];
    const [rows, total] = await Promise.all([repo.reviewQueue(db, states, q.limit, q.offset), repo.countQueue(db, states)]);
    return { submissions: await this.withApps(db, await this.versions.views(db, rows)), total };
  }

  async get(db: Executor, versionId: string): Promise<Submission> {
    const v = await repo.findVersionById(db, versionId);
    if (!v) throw new AppError('version_not_found');
    return (await this.withApps(db, [await this.versions.view(db, v)]))[0] as Submission;
  }

  async start(db: Db, reviewer: Reviewer, versionId: string): Promise<Submission> {
    await this.decide(db, reviewer, versionId, async (trx, v) => {
      await this.versions.move(trx, v, 'start_review', this.actor(reviewer), { reviewer_id: reviewer.userId });
    });
    return this.get(db, versionId);
  }

  /** Approves: automatic and phased versions go on sale now, manual ones wait for the developer. */
  async approve(db: Db, reviewer: Reviewer, versionId: string, note?: string): Promise<Submission> {
    await this.decide(db, reviewer, versionId, async (trx, v) => {
      const patch = { reviewed_at: this.clock.now().toISOString(), reviewer_id: reviewer.userId };
      if (v.release_mode === 'manual') {
        await this.versions.move(trx, v, 'approve_hold', this.actor(reviewer), patch, null, note ?? null);
      } else {
        await repo.updateVersion(trx, v.id, patch);
        await this.versions.release(trx, v, this.actor(reviewer), v.release_mode === 'phased', 'approve_release');
      }
    });
    const v = await repo.findVersionById(db, versionId);
    if (v) await this.versions.afterRelease(v.bundle_id);
    return this.get(db, versionId);
  }

  async reject(db: Db, reviewer: Reviewer, versionId: string, reasons: RejectReason[], note?: string): Promise<Submission> {
    await this.decide(db, reviewer, versionId, async (trx, v) => {
      await this.versions.move(
        trx,
        v,
        'reject',
        this.actor(reviewer),
        { reviewed_at: this.clock.now().toISOString(), reviewer_id: reviewer.userId },
        reasons,
        note ?? null,
      );
    });
    return this.get(db, versionId);
  }

  private actor(r: Reviewer) {
    return { id: r.userId, role: 'reviewer' as const };
  }

  private async decide(db: Db, reviewer: Reviewer, versionId: string, fn: (trx: Tx, v: repo.VersionRow) => Promise<void>) {
    await inTransaction(db, async (trx) => {
      const v = await repo.findVersionById(trx, versionId);
      if (!v) throw new AppError('version_not_found');
      if (reviewer.developerId && reviewer.developerId === v.developer_id)
        throw new AppError('forbidden', 'Reviewers cannot review their own apps');
      await fn(trx, v);
    });
  }

  private async withApps(db: Executor, versions: Version[]): Promise<Submission[]> {
    const out: Submission[] = [];
    for (const v of versions) {
      const a = await this.catalog.getApp(db, v.bundleId, { ownerDeveloperId: v.developerId });
      out.push({ ...v, app: { id: a.id, name: a.name, developer: a.developer, category: a.category, iconUrl: a.iconUrl } });
    }
    return out;
  }
}
