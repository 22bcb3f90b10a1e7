import type { Db } from '../../db/database.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { RecommendationsService } from './recommendations.service.js';

/** Rebuilds item neighbours from all downloads and the catalog text. */
export const trainingJob = (db: Db, recs: RecommendationsService, everyMs: number): JobSpec => ({
  name: 'recommendations.train',
  everyMs,
  runAtStart: true,
  async run() {
    await recs.train(db);
  },
});
