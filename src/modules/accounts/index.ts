import type { AppContext } from '../../context.js';
import type { OrchardModule } from '../module.js';
import { accountsRoutes } from './accounts.routes.js';
import { AccountsService } from './accounts.service.js';
import { PasswordHasher } from './passwords.js';

export function accountsModule(ctx: AppContext): { module: OrchardModule; service: AccountsService } {
  const service = new AccountsService({
    config: ctx.config,
    clock: ctx.clock,
    bus: ctx.bus,
    cache: ctx.cache,
    hasher: new PasswordHasher(ctx.config.auth.hash),
  });
  return {
    service,
    module: {
      name: 'accounts',
      routes: accountsRoutes,
      jobs: [
        {
          name: 'accounts.purge-expired-sessions',
          everyMs: 3_600_000,
          run: async () => {
            await service.purgeExpiredSessions(ctx.db);
          },
        },
      ],
    },
  };
}
