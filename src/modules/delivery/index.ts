import type { AppContext } from '../../context.js';
import { durable } from '../../platform/events/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { OrchardModule } from '../module.js';
import type { ReleasesService } from '../releases/releases.service.js';
import { deliveryRoutes, downloadRoutes } from './delivery.routes.js';
import { DeliveryService } from './delivery.service.js';
import { DownloadUrlSigner } from './url-signing.js';

export function deliveryModule(
  ctx: AppContext,
  deps: { releases: ReleasesService; entitlements: EntitlementsService; catalog: CatalogService },
): { module: OrchardModule; service: DeliveryService } {
  const service = new DeliveryService({
    ...deps,
    clock: ctx.clock,
    bus: ctx.bus,
    signer: new DownloadUrlSigner({ secret: ctx.config.delivery.urlSecret, dataDir: ctx.config.dataDir }),
    publicUrl: ctx.config.publicUrl,
    urlTtlSeconds: ctx.config.delivery.urlTtlSeconds,
  });
  return {
    service,
    module: {
      name: 'delivery',
      routes: deliveryRoutes,
      rootRoutes: downloadRoutes,
      consumers: [
        durable({
          name: 'delivery.daily-stats',
          events: ['download.recorded'],
          handle: async (e, trx) => service.countDaily(trx, e.payload),
        }),
        durable({
          name: 'delivery.catalog-downloads',
          events: ['download.recorded'],
          // the store's download total counts first installs, not re-downloads or updates
          handle: async (e, trx) => {
            if (e.payload.kind === 'install') await deps.catalog.addDownloads(trx, e.payload.appId, 1);
          },
        }),
      ],
    },
  };
}
