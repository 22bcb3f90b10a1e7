import type { Db } from '../../db/database.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { Logger } from '../../platform/logger.js';
import type { ChartsService } from './charts.service.js';

/**
 * The hourly ranking run (the lease makes it at most once per interval store-wide; the next run
 * repairs a failed one). It runs beside the scheduler's loop rather than in it, so a long run
 * on a large catalog never delays the other jobs (payment reconciliation, compaction).
 */
export const rankingJob = (db: Db, charts: ChartsService, log: Logger, everyMs: number): JobSpec => ({
  name: 'charts.rank',
  everyMs,
  runAtStart: true,
  async run() {
    charts.compute(db).catch((err) => log.error({ err }, 'ranking run failed'));
  },
});
