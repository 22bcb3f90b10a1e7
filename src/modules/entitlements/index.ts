import type { AppContext } from '../../context.js';
import type { OrchardModule } from '../module.js';
import { EntitlementsService } from './entitlements.service.js';

export function entitlementsModule(ctx: AppContext): { module: OrchardModule; service: EntitlementsService } {
  const service = new EntitlementsService({ clock: ctx.clock, bus: ctx.bus });
  return { service, module: { name: 'entitlements' } };
}
