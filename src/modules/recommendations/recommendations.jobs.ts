import type { Db } from '../../db/database.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { Logger } from '../../platform/logger.js';
import type { RecommendationsService } from './recommendations.service.js';

/**
 * Rebuilds item neighbours from all downloads and the catalog text, beside the scheduler's
 * loop (training a large store takes minutes; other jobs must not wait for it).
 */
export const trainingJob = (db: Db, recs: RecommendationsService, log: Logger, everyMs: number): JobSpec => ({
  name: 'recommendations.train',
  everyMs,
  runAtStart: true,
  async run() {
    recs.train(db).catch((err) => log.error({ err }, 'recommendation training failed'));
  },
});
