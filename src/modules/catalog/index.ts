import type { AppContext } from '../../context.js';
import { durable, local } from '../../platform/events/types.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { OrchardModule } from '../module.js';
import { APP_EVENTS } from './catalog.events.js';
import { catalogRoutes, mediaRoutes } from './catalog.routes.js';
import { CatalogService } from './catalog.service.js';

export function catalogModule(ctx: AppContext, accounts: AccountsService): { module: OrchardModule; service: CatalogService } {
  const service = new CatalogService({
    clock: ctx.clock,
    bus: ctx.bus,
    cache: ctx.cache,
    blobs: ctx.blobs,
    accounts,
    mediaMaxBytes: ctx.config.media.maxBytes,
  });
  return {
    service,
    module: {
      name: 'catalog',
      routes: catalogRoutes,
      rootRoutes: mediaRoutes,
      consumers: [
        durable({
          name: 'catalog.developer-renamed',
          events: ['developer.updated'],
          handle: async (e, trx) => service.renameDeveloper(trx, e.payload.developerId, e.payload.name),
        }),
        local({
          name: 'catalog.listing-cache',
          events: [...APP_EVENTS],
          handle: async (events) => {
            await service.invalidateListings();
            for (const e of events) if ('bundleId' in e.payload) await service.forgetApp(e.payload.bundleId);
          },
        }),
      ],
    },
  };
}
