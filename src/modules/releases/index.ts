import path from 'node:path';
import type { AppContext } from '../../context.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { OrchardModule } from '../module.js';
import { BuildSigner } from './build-signing.js';
import { BuildsService } from './builds.service.js';
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
  const versions = new VersionsService({ clock: ctx.clock, bus: ctx.bus, catalog });
  const review = new ReviewService(versions, catalog, ctx.clock);
  const service = new ReleasesService(builds, versions, review, signer, ctx.clock);
  return { service, module: { name: 'releases', routes: releasesRoutes, jobs: releasesJobs(ctx, builds, versions) } };
}
