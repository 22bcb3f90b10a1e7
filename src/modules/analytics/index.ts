import type { AppContext } from '../../context.js';
import { utcDay } from '../../platform/clock.js';
import { durable } from '../../platform/events/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import '../commerce/commerce.events.js';
import '../delivery/delivery.events.js';
import type { OrchardModule } from '../module.js';
import '../reviews/reviews.events.js';
import type { ReviewsService } from '../reviews/reviews.service.js';
import { compactionJob } from './analytics.jobs.js';
import { analyticsRoutes } from './analytics.routes.js';
import { AnalyticsService } from './analytics.service.js';

export function analyticsModule(
  ctx: AppContext,
  deps: { catalog: CatalogService; reviews: ReviewsService },
): { module: OrchardModule; service: AnalyticsService } {
  const service = new AnalyticsService({ ...deps, clock: ctx.clock, config: ctx.config.analytics });
  return {
    service,
    module: {
      name: 'analytics',
      routes: analyticsRoutes,
      consumers: [
        durable({
          name: 'analytics.downloads',
          events: ['download.recorded'],
          // updates are not downloads for the charts; first installs and re-downloads are
          handle: async (e, trx) => {
            if (e.payload.kind !== 'update') await service.recordDownload(trx, e.payload);
          },
          handleBatch: async (events, trx) =>
            service.recordDownloads(
              trx,
              events.filter((e) => e.payload.kind !== 'update').map((e) => e.payload),
            ),
        }),
        durable({
          name: 'analytics.purchases',
          events: ['purchase.completed'],
          handle: async (e, trx) => service.recordPurchase(trx, e.payload, utcDay(new Date(e.createdAt))),
          handleBatch: async (events, trx) =>
            service.recordPurchases(
              trx,
              events.map((e) => ({ p: e.payload, day: utcDay(new Date(e.createdAt)) })),
            ),
        }),
        durable({
          name: 'analytics.refunds',
          events: ['purchase.refunded'],
          handle: async (e, trx) => service.recordRefund(trx, e.payload.purchaseId, utcDay(new Date(e.createdAt))),
        }),
        durable({
          name: 'analytics.ratings',
          events: ['review.created', 'review.updated', 'review.deleted', 'review.status_changed'],
          handle: async (e, trx) => service.recordReview(trx, e.payload.reviewId),
        }),
      ],
      jobs: [compactionJob(ctx.db, service, ctx.log.child({ part: 'analytics' }), ctx.config.analytics.compactEveryMs)],
    },
  };
}
