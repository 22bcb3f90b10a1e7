import type { Db } from '../../db/database.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { Logger } from '../../platform/logger.js';
import type { AnalyticsService } from './analytics.service.js';

/** Folds raw usage events into daily aggregates and prunes old ids and per-user days. */
export const compactionJob = (db: Db, analytics: AnalyticsService, log: Logger, everyMs: number): JobSpec => ({
  name: 'analytics.compact',
  everyMs,
  async run() {
    const r = await analytics.compact(db);
    if (r.events > 0) log.info(r, 'usage events compacted');
  },
});
