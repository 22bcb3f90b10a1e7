import type { AppContext } from '../../context.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { OrchardModule } from '../module.js';
import { searchConsumers, searchJobs } from './search.jobs.js';
import { searchRoutes } from './search.routes.js';
import { SearchService } from './search.service.js';

export function searchModule(ctx: AppContext, catalog: CatalogService): { module: OrchardModule; service: SearchService } {
  const service = new SearchService({
    db: ctx.db,
    dialect: ctx.dialect,
    clock: ctx.clock,
    log: ctx.log.child({ part: 'search' }),
    bus: ctx.bus,
    catalog,
    lifecycle: ctx.lifecycle,
    dataDir: ctx.config.dataDir,
    textWeight: ctx.config.search.textWeight,
    mode: ctx.config.search.index,
    snapshotIntervalSeconds: ctx.config.search.snapshotIntervalSeconds,
  });
  return {
    service,
    module: {
      name: 'search',
      routes: searchRoutes(service),
      consumers: searchConsumers(service),
      jobs: searchJobs(service),
      // only processes that serve HTTP keep a replica
      start: async (roles) => {
        if (roles.http) await service.start();
      },
      stop: () => service.stop(),
      ready: () => service.ready(),
    },
  };
}
