/** Events published by the charts module (see docs/events.md). */
export interface ChartsComputed {
  runId: string;
  lists: number;
}
export interface ChartIncidentOpened {
  incidentId: string;
  appId: string;
  day: string;
  held: number;
}
export interface ChartIncidentResolved extends ChartIncidentOpened {
  resolution: 'released' | 'confirmed';
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    /** A ranking run finished; read caches move to the new lists. */
    'charts.computed': ChartsComputed;
    /** A download spike was held for review (moderation console). */
    'chart_incident.opened': ChartIncidentOpened;
    'chart_incident.resolved': ChartIncidentResolved;
  }
}
