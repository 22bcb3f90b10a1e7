/** Events published by the delivery module (see docs/events.md). */
import type { DownloadKind } from './delivery.tables.js';

export interface DownloadRecorded {
  userId: string;
  appId: string;
  buildId: string;
  country: string;
  kind: DownloadKind;
  /** UTC day, YYYY-MM-DD. */
  day: string;
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    /** A signed download started (once per user, build and day): first install, re-download or update. */
    'download.recorded': DownloadRecorded;
  }
}
