import type { AppContext } from '../../context.js';
import type { AnalyticsService } from '../analytics/analytics.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { ChartsService } from '../charts/charts.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { OrchardModule } from '../module.js';
import { trainingJob } from './recommendations.jobs.js';
import { recommendationsRoutes } from './recommendations.routes.js';
import { RecommendationsService } from './recommendations.service.js';

export function recommendationsModule(
  ctx: AppContext,
  deps: { catalog: CatalogService; analytics: AnalyticsService; charts: ChartsService; entitlements: EntitlementsService },
): { module: OrchardModule; service: RecommendationsService } {
  const service = new RecommendationsService({
    ...deps,
    clock: ctx.clock,
    cache: ctx.cache,
    log: ctx.log.child({ part: 'recommendations' }),
    neighbors: ctx.config.recommendations.neighbors,
  });
  return {
    service,
    module: {
      name: 'recommendations',
      routes: recommendationsRoutes,
      jobs: [trainingJob(ctx.db, service, ctx.log.child({ part: 'recommendations' }), ctx.config.recommendations.everyMs)],
    },
  };
}
