/**
 * Subscriptions: auto-renewable products in groups, sold through the purchase flow (commerce's
 * SubscriptionPort), renewed by a scheduled pass, with statuses that drive entitlements and
 * receipt verification. docs/subscriptions.md describes the lifecycle.
 */
import type { AppContext } from '../../context.js';
import { durable } from '../../platform/events/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { OrchardModule } from '../module.js';
import { SubscriptionCatalog } from './catalog.js';
import { SubscriptionLifecycle } from './lifecycle.js';
import { subscriptionPort } from './port.js';
import { subscriptionRoutes } from './subscriptions.routes.js';
import { SubscriptionsService } from './subscriptions.service.js';

export function subscriptionsModule(
  ctx: AppContext,
  deps: { catalog: CatalogService; entitlements: EntitlementsService; commerce: CommerceServices },
): { module: OrchardModule; service: SubscriptionsService } {
  const { db, clock, config, bus } = ctx;
  const log = ctx.log.child({ part: 'subscriptions' });
  const products = new SubscriptionCatalog({ clock, config, catalog: deps.catalog, commerce: deps.commerce });
  const lifecycle = new SubscriptionLifecycle({ db, clock, config, bus, log, ...deps, products });
  deps.commerce.subscriptionHooks.set(subscriptionPort(lifecycle, { ...deps, accelerated: config.subscriptions.accelerated }));
  const service = new SubscriptionsService({ db, clock, catalog: deps.catalog, commerce: deps.commerce, products, lifecycle });
  return {
    service,
    module: {
      name: 'subscriptions',
      routes: subscriptionRoutes,
      consumers: [
        durable({
          name: 'subscriptions.refunds',
          events: ['purchase.refunded'],
          handle: async (e, trx) => {
            const p = await deps.commerce.recurring.find(trx, e.payload.purchaseId);
            if (p?.type === 'auto_renewable')
              await lifecycle.refunded(trx, { transactionId: p.transaction_id, originalTransactionId: p.original_transaction_id });
          },
        }),
      ],
      jobs: [
        {
          name: 'subscriptions.renew',
          everyMs: config.subscriptions.renewalEveryMs,
          runAtStart: true,
          run: async () => {
            const r = await lifecycle.runPass();
            if (r.renewed + r.declined + r.expired + r.recovered > 0) log.info(r, 'renewal pass');
          },
        },
      ],
    },
  };
}
