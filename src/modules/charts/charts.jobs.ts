import type { Db } from '../../db/database.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { ChartsService } from './charts.service.js';

/** The hourly ranking run (at most once per interval store-wide; the next run repairs a failed one). */
export const rankingJob = (db: Db, charts: ChartsService, everyMs: number): JobSpec => ({
  name: 'charts.rank',
  everyMs,
  runAtStart: true,
  async run() {
    await charts.compute(db);
  },
});
