/**
 * Server notifications to developers' servers: durable consumers turn subscription changes and
 * one-time purchases/refunds into signed notifications; a job delivers them with retries.
 */
import type { AppContext } from '../../context.js';
import { durable } from '../../platform/events/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { OrchardModule } from '../module.js';
import '../subscriptions/subscriptions.events.js';
import { notificationRoutes } from './notifications.routes.js';
import { NotificationsService } from './notifications.service.js';

export function notificationsModule(
  ctx: AppContext,
  deps: { catalog: CatalogService; commerce: CommerceServices },
): { module: OrchardModule; service: NotificationsService } {
  const service = new NotificationsService({
    db: ctx.db,
    clock: ctx.clock,
    config: ctx.config,
    log: ctx.log.child({ part: 'notifications' }),
    ...deps,
  });
  return {
    service,
    module: {
      name: 'notifications',
      routes: notificationRoutes,
      consumers: [
        durable({
          name: 'notifications.subscriptions',
          events: ['subscription.changed'],
          handle: async (e, trx) => {
            const p = e.payload;
            const data = await service.dataFor(trx, p.appId, p.userId, {
              originalTransactionId: p.originalTransactionId,
              transactionId: p.transactionId,
              productId: p.productId,
              status: p.status,
              expiresDate: p.expiresDate,
              autoRenew: p.autoRenew,
            });
            await service.enqueue(trx, p.appId, p.notificationType, p.subtype, data);
          },
        }),
        durable({
          name: 'notifications.one-time-charges',
          events: ['purchase.completed', 'purchase.refunded'],
          handle: async (e, trx) => {
            const p = e.payload;
            const purchase = await deps.commerce.recurring.find(trx, p.purchaseId);
            // subscriptions notify through subscription.changed; free apps are not charges
            if (!purchase || purchase.type === 'auto_renewable' || purchase.type === 'free_app') return;
            const data = await service.dataFor(trx, p.appId, p.userId, {
              originalTransactionId: purchase.original_transaction_id,
              transactionId: p.transactionId,
              productId: p.productId,
              amountMinor: p.amountMinor,
              currency: p.currency,
            });
            await service.enqueue(trx, p.appId, e.type === 'purchase.completed' ? 'ONE_TIME_CHARGE' : 'REFUND', null, data);
          },
        }),
      ],
      jobs: [
        {
          name: 'notifications.deliver',
          everyMs: ctx.config.notifications.deliverEveryMs,
          run: async () => {
            while ((await service.deliverDue(50)) === 50) {}
          },
        },
      ],
    },
  };
}
