/** Consumers of the reviews module: rating summaries and reviewer notifications. */

import { durable } from '../../platform/events/types.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { SUMMARY_EVENTS } from './reviews.events.js';
import type { ReviewsService } from './reviews.service.js';

export function reviewConsumers(reviews: ReviewsService, accounts: AccountsService) {
  return [
    durable({
      name: 'reviews.rating-summary',
      events: [...SUMMARY_EVENTS],
      // Recomputed from the reviews themselves, so redelivery or reordering cannot skew counts.
      handle: async (e, trx) => reviews.ratings.recompute(trx, e.payload.appId),
    }),
    durable({
      name: 'reviews.notify-reviewer',
      events: ['review.responded'],
      handle: async (e, trx) => {
        const p = e.payload;
        const dev = await accounts.getDeveloper(trx, p.developerId);
        await reviews.notifications.notify(trx, {
          userId: p.userId,
          kind: 'review_response',
          title: p.edited ? `${dev.name} updated their response to your review` : `${dev.name} responded to your review`,
          data: { reviewId: p.reviewId, bundleId: p.bundleId },
          sourceId: e.id,
        });
      },
    }),
  ];
}
