/**
 * Review integrity: scoring (signals + learned model), the model's training and versions,
 * review-bombing incidents and moderation. Reached as `services.integrity.<part>`.
 */
import type { IncidentsService } from './incidents.service.js';
import type { ModerationService } from './moderation.service.js';
import type { ScoringService } from './scoring.service.js';
import type { ModelTrainer } from './training.service.js';

export class IntegrityService {
  constructor(
    readonly scoring: ScoringService,
    readonly training: ModelTrainer,
    readonly incidents: IncidentsService,
    readonly moderation: ModerationService,
  ) {}
}
