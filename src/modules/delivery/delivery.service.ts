/**
 * Delivery: what a device may download and the downloads themselves. Update checks answer for
 * hundreds of installed apps with three batched queries (released builds, entitlements, the
 * installed builds' permissions); downloads go through short-lived signed URLs, and each one
 * that starts is recorded once per user, build and day, then counted by event consumers.
 */
import type { Db, Executor, Tx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { type Clock, utcDay } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { Device, ReleasedBuild, ReleasesService } from '../releases/releases.service.js';
import './delivery.events.js';
import * as repo from './delivery.repository.js';
import type { DownloadKind } from './delivery.tables.js';
import type { DownloadGrant, DownloadPurpose, DownloadUrlSigner, SignedQuery } from './url-signing.js';

registerErrors({
  download_link_invalid: { status: 403, title: 'The download link is not valid' },
  download_link_expired: { status: 403, title: 'The download link has expired; ask for a new one' },
  no_release: { status: 404, title: 'The app has no released build yet' },
  no_compatible_build: { status: 404, title: 'No build of the app runs on this device' },
  app_not_free: { status: 402, title: 'The app is not free; buy it instead' },
  app_unavailable_in_country: { status: 403, title: 'The app is not sold in your storefront' },
});

export const MAX_INSTALLED = 500;

export interface UpdateCheck extends Device {
  installed: Array<{ bundleId: string; buildNumber: number }>;
}

export interface Offer {
  bundleId: string;
  version: string;
  buildNumber: number;
  sizeBytes: number;
  sha256: string;
  downloadUrl: string;
  releaseNotes: string;
  permissionsAdded: string[];
  signedMetadata: string;
  expiresAt: string;
}

export interface Customer {
  id: string;
  country: string;
}

export interface DeliveryDeps {
  clock: Clock;
  bus: EventBus;
  releases: ReleasesService;
  entitlements: EntitlementsService;
  catalog: CatalogService;
  signer: DownloadUrlSigner;
  publicUrl: string;
  urlTtlSeconds: number;
}

export class DeliveryService {
  constructor(private readonly d: DeliveryDeps) {}

  /**
   * The newest build each installed, entitled app may update to on this device (platform, minimum
   * OS, phased-rollout bucket). Unknown bundle ids and apps without a newer build are left out.
   */
  async checkUpdates(db: Executor, user: Customer, req: UpdateCheck): Promise<Offer[]> {
    if (req.installed.length > MAX_INSTALLED) throw new AppError('validation_failed', `At most ${MAX_INSTALLED} installed apps per check`);
    const installed = new Map<string, number>();
    for (const i of req.installed) installed.set(i.bundleId, Math.max(i.buildNumber, installed.get(i.bundleId) ?? 0));
    const released = await this.d.releases.releasedFor(db, [...installed.keys()]);
    const appIds = [...released.values()].map((l) => (l[0] as ReleasedBuild).appId);
    const owned = await this.d.entitlements.ownedAppIds(db, user.id, appIds);
    const chosen: Array<{ b: ReleasedBuild; have: number; had?: string[] }> = [];
    for (const [bundleId, list] of released) {
      if (!owned.has((list[0] as ReleasedBuild).appId)) continue;
      const b = this.d.releases.pick(list, req, user.id, true);
      const have = installed.get(bundleId) ?? 0;
      // the installed build is usually an earlier release: its permissions are at hand
      if (b && b.buildNumber > have) chosen.push({ b, have, had: list.find((x) => x.buildNumber === have)?.permissions });
    }
    const misses = chosen.filter((c) => !c.had).map((c) => ({ appId: c.b.appId, buildNumber: c.have }));
    const before = await this.d.releases.permissionsOf(db, misses);
    return chosen.map(({ b, have, had = before.get(`${b.appId}:${have}`) }) => {
      // an installed build the store does not know (sideloaded, deleted): every permission is news
      const added = had ? b.permissions.filter((p) => !had.includes(p)) : b.permissions;
      return this.offer(b, user, 'update', added);
    });
  }

  /** A signed download of the newest build for a fresh install (entitlement required). */
  async downloadTicket(db: Executor, user: Customer, bundleId: string, device?: Device): Promise<Offer> {
    const list = (await this.d.releases.releasedFor(db, [bundleId])).get(bundleId);
    if (!list) throw new AppError('no_release');
    if (!(await this.d.entitlements.isEntitled(db, user.id, (list[0] as ReleasedBuild).appId))) throw new AppError('not_entitled');
    const b = this.d.releases.pick(list, device, user.id, false);
    if (!b) throw new AppError('no_compatible_build', device ? `Nothing for ${device.platform} ${device.osVersion}` : undefined);
    return this.offer(b, user, 'install', b.permissions);
  }

  /** "Get" for a free app: grants the entitlement once; asking again is fine. */
  async getFree(db: Db, user: Customer, bundleId: string): Promise<{ appId: string; bundleId: string; created: boolean }> {
    const { app, price } = await this.d.catalog.priceOf(db, bundleId, user.country);
    if (!price) throw new AppError('app_unavailable_in_country');
    if (price.priceMinor > 0) throw new AppError('app_not_free', `${bundleId} costs ${price.priceMinor} ${price.currency} (minor units)`);
    return inTransaction(db, async (trx) => {
      if (await this.d.entitlements.isEntitled(trx, user.id, app.id)) return { appId: app.id, bundleId, created: false };
      await this.d.entitlements.grant(trx, { userId: user.id, appId: app.id, source: 'free' });
      return { appId: app.id, bundleId, created: true };
    });
  }

  /** Checks a signed URL; the grant it carries, or 403. */
  verifyLink(buildId: string, q: SignedQuery): DownloadGrant {
    const r = this.d.signer.verify(buildId, q, Math.floor(this.d.clock.now().getTime() / 1000));
    if (!r.ok) throw new AppError(r.reason === 'expired' ? 'download_link_expired' : 'download_link_invalid');
    return r.grant;
  }

  /**
   * Records a download that starts (not a resumed range): once per user, build and day, classified
   * as update, re-download or first install, and published for the counters.
   */
  async recordDownload(db: Db, grant: DownloadGrant, appId: string): Promise<void> {
    const now = this.d.clock.now();
    await inTransaction(db, async (trx) => {
      const kind: DownloadKind =
        grant.purpose === 'update' ? 'update' : (await repo.hasDownloaded(trx, grant.userId, appId)) ? 'redownload' : 'install';
      const day = utcDay(now);
      const row = {
        user_id: grant.userId,
        app_id: appId,
        build_id: grant.buildId,
        day,
        kind,
        country: grant.country,
        at: now.toISOString(),
      };
      if (!(await repo.insertReceipt(trx, row))) return;
      await this.d.bus.emit(trx, {
        type: 'download.recorded',
        aggregateId: appId,
        payload: { userId: grant.userId, appId, buildId: grant.buildId, country: grant.country, kind, day },
      });
    });
  }

  /** Consumer: one more download in the per-app, per-country, per-day table. */
  async countDaily(trx: Tx, e: { appId: string; day: string; country: string; kind: DownloadKind }): Promise<void> {
    await repo.bumpDaily(trx, e.appId, e.day, e.country, e.kind, 1);
  }

  /** Downloads per day by country for the app's developer (analytics and the console's charts). */
  async downloadsByDay(db: Executor, developerId: string, bundleId: string, q: { from?: string; to?: string; country?: string }) {
    const app = await this.d.catalog.getApp(db, bundleId, { ownerDeveloperId: developerId });
    if (app.developerId !== developerId) throw new AppError('app_not_found');
    const to = q.to ?? utcDay(this.d.clock.now());
    const from = q.from ?? utcDay(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000));
    if (from > to) throw new AppError('validation_failed', '`from` is after `to`');
    const rows = await repo.dailyStats(db, app.id, from, to, q.country);
    const empty = () => ({ install: 0, redownload: 0, update: 0 });
    const days = new Map<string, { day: string; country: string } & ReturnType<typeof empty>>();
    const byCountry = new Map<string, { country: string } & ReturnType<typeof empty>>();
    const totals = empty();
    for (const r of rows) {
      const n = Number(r.count);
      const key = `${r.day}|${r.country}`;
      const d = days.get(key) ?? { day: r.day, country: r.country, ...empty() };
      d[r.kind] += n;
      days.set(key, d);
      const c = byCountry.get(r.country) ?? { country: r.country, ...empty() };
      c[r.kind] += n;
      byCountry.set(r.country, c);
      totals[r.kind] += n;
    }
    return {
      bundleId,
      from,
      to,
      days: [...days.values()],
      byCountry: [...byCountry.values()].sort((a, b) => b.install - a.install),
      totals,
    };
  }

  private offer(b: ReleasedBuild, user: Customer, purpose: DownloadPurpose, permissionsAdded: string[]): Offer {
    const expires = Math.floor(this.d.clock.now().getTime() / 1000) + this.d.urlTtlSeconds;
    const path = this.d.signer.sign({ buildId: b.buildId, userId: user.id, country: user.country, purpose, expires });
    return {
      bundleId: b.bundleId,
      version: b.version,
      buildNumber: b.buildNumber,
      sizeBytes: b.sizeBytes,
      sha256: b.sha256,
      downloadUrl: `${this.d.publicUrl}${path}`,
      releaseNotes: b.releaseNotes,
      permissionsAdded,
      signedMetadata: b.signedMetadata,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }
}
