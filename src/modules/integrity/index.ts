import type { AppContext } from '../../context.js';
import type { OrchardModule } from '../module.js';
import { IncidentsService } from './incidents.service.js';
import { integrityConsumers, integrityJobs } from './integrity.jobs.js';
import { moderationRoutes } from './integrity.routes.js';
import { IntegrityService } from './integrity.service.js';
import { ModerationService } from './moderation.service.js';
import { ScoringService } from './scoring.service.js';
import { ModelTrainer } from './training.service.js';

export function integrityModule(ctx: AppContext): { module: OrchardModule; service: IntegrityService } {
  const { reviews, catalog, entitlements, accounts } = ctx.services;
  const { clock, bus, config } = ctx;
  const trainer = new ModelTrainer({ clock, bus, config: config.integrity });
  const incidents = new IncidentsService({ config: config.integrity.bomb, clock, bus, reviews, catalog });
  const scoring = new ScoringService({ config: config.integrity, clock, reviews, entitlements, accounts, trainer, incidents });
  const moderation = new ModerationService({ clock, reviews, config: config.reviews });
  const service = new IntegrityService(scoring, trainer, incidents, moderation);
  return {
    service,
    module: {
      name: 'integrity',
      routes: moderationRoutes,
      consumers: integrityConsumers(service),
      jobs: integrityJobs(service, ctx.db, config.integrity, ctx.log.child({ part: 'integrity' })),
    },
  };
}
