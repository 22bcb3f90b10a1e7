/** Events published by the catalog module (see docs/events.md). Payloads carry ids; readers fetch the rest. */
export interface AppChanged {
  appId: string;
  bundleId: string;
  developerId: string;
}
export interface AppUpdated extends AppChanged {
  /** Which fields changed, e.g. ["name","description"] or ["rating","downloads"]. */
  fields: string[];
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'app.created': AppChanged;
    'app.updated': AppUpdated;
    'app.removed': AppChanged;
    /** Ratings or download totals changed (search and charts re-rank). */
    'app.stats_changed': AppChanged;
    /** Many apps were written at once (seeding): replicas rebuild instead of applying per-app events. */
    'catalog.bulk_loaded': { count: number };
  }
}

export const APP_EVENTS = ['app.created', 'app.updated', 'app.removed', 'app.stats_changed'] as const;
