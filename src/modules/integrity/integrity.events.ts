/** Events published by the integrity module (see docs/events.md). */
export interface IncidentChanged {
  incidentId: string;
  appId: string;
  direction: 'negative' | 'positive';
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'review_incident.opened': IncidentChanged;
    'review_incident.resolved': IncidentChanged & { resolution: string };
    'integrity.model_promoted': { modelId: string; version: number };
  }
}
