import type { AppContext } from '../../context.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { BuildsService } from './builds.service.js';
import type { VersionsService } from './versions.service.js';

const HOUR = 3_600_000;

/** Housekeeping: abandoned uploads lose their partial files; rollouts paused for 30 days resume on record. */
export function releasesJobs(ctx: AppContext, builds: BuildsService, versions: VersionsService): JobSpec[] {
  return [
    { name: 'releases.expire-uploads', everyMs: HOUR, run: async () => void (await builds.expireUploads(ctx.db)) },
    { name: 'releases.settle-rollouts', everyMs: HOUR, run: async () => void (await versions.settleRollouts(ctx.db)) },
  ];
}
