/** Consumers and scheduled jobs of the integrity module. */
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { durable } from '../../platform/events/types.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import type { Logger } from '../../platform/logger.js';
import '../reviews/reviews.events.js';
import type { IntegrityService } from './integrity.service.js';

export function integrityConsumers(integrity: IntegrityService) {
  return [
    durable({
      name: 'integrity.score',
      events: ['review.created', 'review.updated'],
      handle: async (e, trx) => {
        await integrity.scoring.scoreReview(trx, e.payload.reviewId, e.payload.revision);
      },
    }),
    durable({
      name: 'integrity.reports',
      events: ['review.reported'],
      handle: async (e, trx) => integrity.moderation.enqueueReported(trx, e.payload.reviewId, e.payload.appId, e.payload.reports),
    }),
  ];
}

export function integrityJobs(integrity: IntegrityService, db: Db, config: Config['integrity'], log: Logger): JobSpec[] {
  return [
    {
      name: 'integrity.retrain',
      everyMs: config.retrainEveryMs,
      run: async () => {
        const r = await integrity.training.retrainIfDue(db);
        if (r) log.info({ version: r.version, promoted: r.promoted, metrics: r.metrics }, 'integrity model retrained');
      },
    },
  ];
}
