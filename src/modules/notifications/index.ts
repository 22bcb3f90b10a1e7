/**
 * Server notifications to developers' servers: durable consumers turn subscription changes and
 * one-time purchases/refunds into signed notifications; a job delivers them with retries.
 */
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { durable, type EventEnvelope } from '../../platform/events/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { OrchardModule } from '../module.js';
import '../subscriptions/subscriptions.events.js';
import { notificationRoutes } from './notifications.routes.js';
import { type NotificationData, NotificationsService } from './notifications.service.js';

type ChargeEvent = EventEnvelope<'purchase.completed' | 'purchase.refunded'>;

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
  /** ONE_TIME_CHARGE / REFUND notifications for purchases and refunds (subscriptions notify through subscription.changed; free apps are not charges). */
  const oneTimeCharges = async (events: ChargeEvent[], trx: Tx) => {
    const purchases = new Map(
      (
        await deps.commerce.recurring.findMany(
          trx,
          events.map((e) => e.payload.purchaseId),
        )
      ).map((p) => [p.id, p]),
    );
    const charges = events.flatMap((e) => {
      const purchase = purchases.get(e.payload.purchaseId);
      return purchase && purchase.type !== 'auto_renewable' && purchase.type !== 'free_app' ? [{ e, purchase }] : [];
    });
    const data = await service.dataForMany(
      trx,
      charges.map(({ e, purchase }) => ({
        appId: e.payload.appId,
        userId: e.payload.userId,
        extra: {
          originalTransactionId: purchase.original_transaction_id,
          transactionId: e.payload.transactionId,
          productId: e.payload.productId,
          amountMinor: e.payload.amountMinor,
          currency: e.payload.currency,
        },
      })),
    );
    await service.enqueueMany(
      trx,
      charges.map(({ e }, i) => ({
        appId: e.payload.appId,
        type: e.type === 'purchase.completed' ? ('ONE_TIME_CHARGE' as const) : ('REFUND' as const),
        subtype: null,
        data: data[i] as NotificationData,
      })),
    );
  };
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
          handle: async (e, trx) => oneTimeCharges([e], trx),
          handleBatch: async (events, trx) => oneTimeCharges(events, trx),
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
