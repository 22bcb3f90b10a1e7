import type { AppContext } from '../../context.js';
import { local } from '../../platform/events/types.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AnalyticsService } from '../analytics/analytics.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { OrchardModule } from '../module.js';
import { rankingJob } from './charts.jobs.js';
import { chartsRoutes } from './charts.routes.js';
import { ChartsService } from './charts.service.js';

export function chartsModule(
  ctx: AppContext,
  deps: { accounts: AccountsService; catalog: CatalogService; analytics: AnalyticsService },
): { module: OrchardModule; service: ChartsService } {
  const service = new ChartsService({
    ...deps,
    clock: ctx.clock,
    bus: ctx.bus,
    cache: ctx.cache,
    log: ctx.log.child({ part: 'charts' }),
    config: ctx.config.charts,
  });
  return {
    service,
    module: {
      name: 'charts',
      routes: chartsRoutes,
      consumers: [
        local({
          name: 'charts.latest-run',
          events: ['charts.computed'],
          handle: async () => service.forgetLatest(),
        }),
      ],
      jobs: [rankingJob(ctx.db, service, ctx.log.child({ part: 'charts' }), ctx.config.charts.everyMs)],
    },
  };
}
