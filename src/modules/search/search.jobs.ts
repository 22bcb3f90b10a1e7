/** The search module's consumer (a local one: every API process keeps its own index replica) and jobs. */

import { type Consumer, local } from '../../platform/events/types.js';
import type { JobSpec } from '../../platform/jobs/scheduler.js';
import { APP_EVENTS } from '../catalog/catalog.events.js';
import type { SearchService } from './search.service.js';

export function searchConsumers(search: SearchService): Consumer[] {
  return [
    local({
      name: 'search.index',
      events: [...APP_EVENTS, 'catalog.bulk_loaded'],
      handle: async (events) => search.onEvents(events),
    }),
  ];
}

export function searchJobs(search: SearchService): JobSpec[] {
  return [
    {
      name: 'search.compact-query-log',
      everyMs: 6 * 60 * 60 * 1000,
      run: async (now) => {
        await search.compactLog(now);
      },
    },
  ];
}
