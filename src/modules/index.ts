/**
 * The module list, in dependency order: a module may use the services of those above it.
 * Later capabilities add one line here.
 */
import type { AppContext } from '../context.js';
import { accountsCli } from './accounts/accounts.cli.js';
import type { AccountsService } from './accounts/accounts.service.js';
import { accountsModule } from './accounts/index.js';
import { catalogCli } from './catalog/catalog.cli.js';
import type { CatalogService } from './catalog/catalog.service.js';
import { catalogModule } from './catalog/index.js';
import { commerceCli } from './commerce/commerce.cli.js';
import { type CommerceServices, commerceModule } from './commerce/index.js';
import type { EntitlementsService } from './entitlements/entitlements.service.js';
import { entitlementsModule } from './entitlements/index.js';
import type { CliRegistration, OrchardModule } from './module.js';

/** Operator CLI commands of every module (registered without building the modules). */
export const moduleClis: CliRegistration[] = [accountsCli, catalogCli, commerceCli];

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  entitlements: EntitlementsService;
  commerce: CommerceServices;
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
  return [accounts.module, catalog.module, entitlements.module, commerce.module];
}
