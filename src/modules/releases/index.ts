import path from 'node:path';
import type { AppContext } from '../../context.js';
import { local } from '../../platform/events/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { OrchardModule } from '../module.js';
import { BuildSigner } from './build-signing.js';
import { BuildsService } from './builds.service.js';
import { ReleasedCache } from './released-cache.js';
import { releasesJobs } from './releases.jobs.js';
import { releasesRoutes } from './releases.routes.js';
import { ReleasesService } from './releases.service.js';
import { ReviewService } from './review.service.js';
import { VersionsService } from './versions.service.js';

export function releasesModule(ctx: AppContext, catalog: CatalogService): { module: OrchardModule; service: ReleasesService } {
  const signer = new BuildSigner(ctx.config.dataDir);
  const builds = new BuildsService({
    clock: ctx.clock,
    bus: ctx.bus,
    blobs: ctx.blobs,
    catalog,
    signer,
    maxBytes: ctx.config.builds.maxBytes,
    uploadsDir: path.join(ctx.config.dataDir, 'uploads'),
  });
  const released = new ReleasedCache();
  const versions = new VersionsService({ clock: ctx.clock, bus: ctx.bus, catalog, released });
  const review = new ReviewService(versions, catalog, ctx.clock);
  const service = new ReleasesService(builds, versions, review, signer, ctx.clock, released);
  return {
    service,
    module: {
      name: 'releases',
      routes: releasesRoutes,
      jobs: releasesJobs(ctx, builds, versions),
      consumers: [
        // other processes' changes: drop their apps from this process's cache
        local({
          name: 'releases.released-cache',
          events: ['version.state_changed', 'version.released', 'version.rollout_changed'],
          handle: async (events) => released.drop(events.map((e) => e.payload.bundleId)),
        }),
      ],
    },
  };
}
