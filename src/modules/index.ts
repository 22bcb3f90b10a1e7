/**
 * The module list, in dependency order: a module may use the services of those above it.
 * Later capabilities add one line here.
 */
import type { AppContext } from '../context.js';
import { accountsCli } from './accounts/accounts.cli.js';
import type { AccountsService } from './accounts/accounts.service.js';
import { accountsModule } from './accounts/index.js';
import type { AnalyticsService } from './analytics/analytics.service.js';
import { analyticsModule } from './analytics/index.js';
import { catalogCli } from './catalog/catalog.cli.js';
import type { CatalogService } from './catalog/catalog.service.js';
import { catalogModule } from './catalog/index.js';
import type { ChartsService } from './charts/charts.service.js';
import { chartsModule } from './charts/index.js';
import { commerceCli } from './commerce/commerce.cli.js';
import { type CommerceServices, commerceModule } from './commerce/index.js';
import type { DeliveryService } from './delivery/delivery.service.js';
import { deliveryModule } from './delivery/index.js';
import type { EntitlementsService } from './entitlements/entitlements.service.js';
import { entitlementsModule } from './entitlements/index.js';
import { integrityModule } from './integrity/index.js';
import { integrityCli } from './integrity/integrity.cli.js';
import type { IntegrityService } from './integrity/integrity.service.js';
import type { CliRegistration, OrchardModule } from './module.js';
import { notificationsModule } from './notifications/index.js';
import type { NotificationsService } from './notifications/notifications.service.js';
import { recommendationsModule } from './recommendations/index.js';
import type { RecommendationsService } from './recommendations/recommendations.service.js';
import { releasesModule } from './releases/index.js';
import type { ReleasesService } from './releases/releases.service.js';
import { reviewsModule } from './reviews/index.js';
import type { ReviewsService } from './reviews/reviews.service.js';
import { searchModule } from './search/index.js';
import type { SearchService } from './search/search.service.js';
import { subscriptionsModule } from './subscriptions/index.js';
import type { SubscriptionsService } from './subscriptions/subscriptions.service.js';

/** Operator CLI commands of every module (registered without building the modules). */
export const moduleClis: CliRegistration[] = [accountsCli, catalogCli, commerceCli, integrityCli];

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  entitlements: EntitlementsService;
  commerce: CommerceServices;
  reviews: ReviewsService;
  integrity: IntegrityService;
  releases: ReleasesService;
  delivery: DeliveryService;
  subscriptions: SubscriptionsService;
  notifications: NotificationsService;
  analytics: AnalyticsService;
  charts: ChartsService;
  recommendations: RecommendationsService;
  search: SearchService;
}

export function buildModules(ctx: AppContext, services: Services): OrchardModule[] {
  const accounts = accountsModule(ctx);
  services.accounts = accounts.service;
  const catalog = catalogModule(ctx, services.accounts);
  services.catalog = catalog.service;
  const entitlements = entitlementsModule(ctx);
  services.entitlements = entitlements.service;
  const commerce = commerceModule(ctx, { catalog: services.catalog, entitlements: services.entitlements });
  services.commerce = commerce.service;
  const reviews = reviewsModule(ctx);
  services.reviews = reviews.service;
  const integrity = integrityModule(ctx);
  services.integrity = integrity.service;
  const releases = releasesModule(ctx, services.catalog);
  services.releases = releases.service;
  const delivery = deliveryModule(ctx, { releases: services.releases, entitlements: services.entitlements, catalog: services.catalog });
  services.delivery = delivery.service;
  const search = searchModule(ctx, services.catalog);
  services.search = search.service;
  const subscriptions = subscriptionsModule(ctx, {
    catalog: services.catalog,
    entitlements: services.entitlements,
    commerce: services.commerce,
  });
  services.subscriptions = subscriptions.service;
  const notifications = notificationsModule(ctx, { catalog: services.catalog, commerce: services.commerce });
  services.notifications = notifications.service;
  const analytics = analyticsModule(ctx, { catalog: services.catalog, reviews: services.reviews });
  services.analytics = analytics.service;
  const charts = chartsModule(ctx, { accounts: services.accounts, catalog: services.catalog, analytics: services.analytics });
  services.charts = charts.service;
  const recommendations = recommendationsModule(ctx, {
    catalog: services.catalog,
    analytics: services.analytics,
    charts: services.charts,
    entitlements: services.entitlements,
  });
  services.recommendations = recommendations.service;
  return [
    accounts.module,
    catalog.module,
    entitlements.module,
    commerce.module,
    reviews.module,
    integrity.module,
    releases.module,
    delivery.module,
    subscriptions.module,
    notifications.module,
    analytics.module,
    charts.module,
    recommendations.module,
    search.module,
  ];
}
