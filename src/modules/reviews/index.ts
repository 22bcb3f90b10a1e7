import type { AppContext } from '../../context.js';
import type { OrchardModule } from '../module.js';
import { developerReviewRoutes } from './developer.routes.js';
import { notificationRoutes } from './notifications.routes.js';
import { NotificationsService } from './notifications.service.js';
import { RatingsService } from './ratings.service.js';
import { ResponsesService } from './responses.service.js';
import { reviewConsumers } from './reviews.jobs.js';
import { reviewsRoutes } from './reviews.routes.js';
import { ReviewsService } from './reviews.service.js';

export function reviewsModule(ctx: AppContext): { module: OrchardModule; service: ReviewsService } {
  const { catalog, entitlements, accounts } = ctx.services;
  const base = { clock: ctx.clock, bus: ctx.bus };
  const service = new ReviewsService(
    { ...base, config: ctx.config.reviews, catalog, entitlements, accounts },
    {
      ratings: new RatingsService({ ...base, config: ctx.config.reviews, cache: ctx.cache, catalog }),
      responses: new ResponsesService({ ...base, catalog, accounts }),
      notifications: new NotificationsService(base),
    },
  );
  return {
    service,
    module: {
      name: 'reviews',
      routes: async (app, c) => {
        await reviewsRoutes(app, c);
        await developerReviewRoutes(app, c);
        await notificationRoutes(app, c);
      },
      consumers: reviewConsumers(service, accounts),
    },
  };
}
