import type { Executor } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';
import type { AppDetail, CatalogService } from '../catalog/catalog.service.js';

/** The developer's own, not removed app; app_not_found otherwise (no existence leak). */
export async function ownedApp(catalog: CatalogService, db: Executor, developerId: string, bundleId: string): Promise<AppDetail> {
  const app = await catalog.getApp(db, bundleId, { ownerDeveloperId: developerId });
  if (app.developerId !== developerId || app.status === 'removed') throw new AppError('app_not_found');
  return app;
}
