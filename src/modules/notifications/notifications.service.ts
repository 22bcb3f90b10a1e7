/**
 * Server notifications: signed JWS payloads (the receipt keys, header typ
 * orchard-notification+jws) POSTed to each app's webhook URL, with a unique notificationUUID,
 * retried on failure (1 min, 10 min, 1 h, 6 h, 24 h, then dead-lettered), a delivery history
 * per app, replay, and a test notification. Notifications are created by durable consumers
 * (once per event, inbox-deduplicated) and sent by a scheduled job, so a slow or failing
 * receiver never holds up renewals or purchases.
 */
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { NotificationType } from '../subscriptions/subscriptions.events.js';
import * as repo from './notifications.repository.js';
import type { NotificationStatus } from './notifications.tables.js';
import { sendNotification } from './sender.js';
import { checkWebhookUrl } from './ssrf.js';

registerErrors({
  notification_not_found: { status: 404, title: 'No such notification' },
  webhook_not_configured: { status: 409, title: 'This app has no webhook URL' },
});

/** Delay before retry n (after the n-th failed attempt); past the end the notification is dead. */
export const RETRY_DELAYS_MS = [60_000, 600_000, 3_600_000, 21_600_000, 86_400_000];

export interface NotificationData {
  bundleId: string;
  environment: string;
  appAccountToken?: string;
  originalTransactionId?: string;
  transactionId?: string | null;
  productId?: string | null;
  status?: string;
  expiresDate?: string;
  autoRenew?: boolean;
  amountMinor?: number;
  currency?: string;
}

export class NotificationsService {
  constructor(
    private readonly d: { db: Db; clock: Clock; config: Config; log: Logger; catalog: CatalogService; commerce: CommerceServices },
  ) {}

  private policy() {
    return { allowLoopback: this.d.config.notifications.allowLoopback };
  }

  private async ownedApp(db: Executor, developerId: string, bundleId: string) {
    const app = await this.d.catalog.getApp(db, bundleId, { ownerDeveloperId: developerId });
    if (app.developerId !== developerId) throw new AppError('app_not_found');
    return app;
  }

  /** Sets the app's webhook URL after the SSRF checks (422 webhook_url_rejected). */
  async setEndpoint(developerId: string, bundleId: string, url: string): Promise<{ url: string }> {
    const app = await this.ownedApp(this.d.db, developerId, bundleId);
    const checked = await checkWebhookUrl(url, this.policy());
    await repo.upsertEndpoint(this.d.db, app.id, checked.url.toString(), this.d.clock.now().toISOString());
    return { url: checked.url.toString() };
  }

  async endpoint(developerId: string, bundleId: string): Promise<{ url: string | null }> {
    const app = await this.ownedApp(this.d.db, developerId, bundleId);
    return { url: (await repo.endpointOf(this.d.db, app.id))?.url ?? null };
  }

  async removeEndpoint(developerId: string, bundleId: string): Promise<void> {
    const app = await this.ownedApp(this.d.db, developerId, bundleId);
    await repo.deleteEndpoint(this.d.db, app.id);
  }

  /**
   * Creates (in the caller's transaction) a signed notification for an app. Apps without a
   * webhook keep it in their history as `no_endpoint`.
   */
  async enqueue(trx: Executor, appId: string, type: NotificationType, subtype: string | null, data: NotificationData): Promise<string> {
    const [id] = await this.enqueueMany(trx, [{ appId, type, subtype, data }]);
    return id as string;
  }

  /** Several notifications in one insert (a polled batch of events); ids in the order given. */
  async enqueueMany(
    trx: Executor,
    items: Array<{ appId: string; type: NotificationType; subtype: string | null; data: NotificationData }>,
  ): Promise<string[]> {
    const now = this.d.clock.now().toISOString();
    const withEndpoint = await repo.appsWithEndpoints(trx, [...new Set(items.map((n) => n.appId))]);
    const rows: repo.NotificationRow[] = [];
    for (const n of items) {
      const id = newId(); // UUIDv7: unique, and sorts in creation order
      const signed = await this.d.commerce.receipts.signJson(
        { notificationType: n.type, subtype: n.subtype, notificationUUID: id, version: '1', signedDate: now, data: n.data },
        'orchard-notification+jws',
      );
      const hasEndpoint = withEndpoint.has(n.appId);
      rows.push({
        id,
        app_id: n.appId,
        type: n.type,
        subtype: n.subtype,
        signed_payload: signed,
        status: hasEndpoint ? 'pending' : 'no_endpoint',
        attempts: 0,
        next_attempt_at: hasEndpoint ? now : null,
        locked_until: null,
        last_status: null,
        last_error: null,
        created_at: now,
        delivered_at: null,
      });
    }
    await repo.insertNotifications(trx, rows);
    return rows.map((r) => r.id);
  }

  /** The data member for a notification about one of an app's users. */
  async dataFor(
    db: Executor,
    appId: string,
    userId: string,
    extra: Omit<NotificationData, 'bundleId' | 'environment'>,
  ): Promise<NotificationData> {
    const [data] = await this.dataForMany(db, [{ appId, userId, extra }]);
    return data as NotificationData;
  }

  /** Data members for several (app, user) pairs, with one catalog read. */
  async dataForMany(
    db: Executor,
    items: Array<{ appId: string; userId: string; extra: Omit<NotificationData, 'bundleId' | 'environment'> }>,
  ): Promise<NotificationData[]> {
    const apps = new Map((await this.d.catalog.summariesByIds(db, [...new Set(items.map((i) => i.appId))])).map((a) => [a.id, a]));
    return items.map((i) => ({
      bundleId: apps.get(i.appId)?.bundleId ?? '',
      environment: this.d.commerce.receipts.environment,
      appAccountToken: this.d.commerce.receipts.accountToken(i.userId, i.appId),
      ...i.extra,
    }));
  }

  /** Sends what is due (the delivery job; tests call it directly). Returns how many were attempted. */
  async deliverDue(limit = 50): Promise<number> {
    const rows = await repo.due(this.d.db, this.d.clock.now().toISOString(), limit);
    // apps in parallel; each app's notifications one after another, oldest first
    const byApp = new Map<string, repo.NotificationRow[]>();
    for (const n of rows) byApp.set(n.app_id, [...(byApp.get(n.app_id) ?? []), n]);
    let sent = 0;
    await Promise.all(
      [...byApp.values()].map(async (list) => {
        list.sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const n of list) if (await this.deliverOne(n)) sent++;
      }),
    );
    return sent;
  }

  /** One delivery attempt (skipped when another process holds the notification). */
  async deliverOne(n: repo.NotificationRow): Promise<boolean> {
    const start = this.d.clock.now();
    const { timeoutMs } = this.d.config.notifications;
    if (!(await repo.lock(this.d.db, n, start.toISOString(), new Date(start.getTime() + 2 * timeoutMs + 1000).toISOString()))) return false;
    const endpoint = await repo.endpointOf(this.d.db, n.app_id);
    const t0 = performance.now();
    const r = endpoint
      ? await sendNotification(endpoint.url, JSON.stringify({ signedPayload: n.signed_payload }), { ...this.policy(), timeoutMs })
      : { ok: false, statusCode: null, error: 'no webhook URL' };
    const now = this.d.clock.now();
    const attempts = n.attempts + 1;
    const delay = RETRY_DELAYS_MS[attempts - 1];
    const status: NotificationStatus = r.ok ? 'delivered' : delay === undefined ? 'dead' : 'pending';
    await repo.insertAttempt(this.d.db, {
      id: newId(),
      notification_id: n.id,
      url: endpoint?.url ?? '',
      status_code: r.statusCode,
      error: r.error,
      duration_ms: Math.round(performance.now() - t0),
      at: now.toISOString(),
    });
    await repo.update(this.d.db, n.id, {
      status,
      attempts,
      locked_until: null,
      last_status: r.statusCode,
      last_error: r.error,
      next_attempt_at: status === 'pending' ? new Date(now.getTime() + (delay as number)).toISOString() : null,
      delivered_at: r.ok ? now.toISOString() : null,
    });
    if (!r.ok) this.d.log.info({ notificationId: n.id, attempts, status, error: r.error }, 'notification not delivered');
    return true;
  }

  /** Sends a TEST notification now; answers with its id and the outcome of the first attempt. */
  async sendTest(developerId: string, bundleId: string) {
    const app = await this.ownedApp(this.d.db, developerId, bundleId);
    if (!(await repo.endpointOf(this.d.db, app.id))) throw new AppError('webhook_not_configured');
    const id = await this.enqueue(this.d.db, app.id, 'TEST', null, {
      bundleId: app.bundleId,
      environment: this.d.commerce.receipts.environment,
    });
    const row = (await repo.findNotification(this.d.db, id)) as repo.NotificationRow;
    await this.deliverOne(row);
    return this.present((await repo.findNotification(this.d.db, id)) as repo.NotificationRow, await repo.attemptsOf(this.d.db, [id]));
  }

  /** Sends a notification again now, with a fresh retry schedule (a dead one is revived). */
  async replay(developerId: string, bundleId: string, id: string) {
    const app = await this.ownedApp(this.d.db, developerId, bundleId);
    const n = await repo.findNotification(this.d.db, id);
    if (!n || n.app_id !== app.id) throw new AppError('notification_not_found');
    if (!(await repo.endpointOf(this.d.db, app.id))) throw new AppError('webhook_not_configured');
    const revived = { ...n, status: 'pending' as const, attempts: 0, locked_until: null };
    await repo.update(this.d.db, n.id, {
      status: 'pending',
      attempts: 0,
      locked_until: null,
      next_attempt_at: this.d.clock.now().toISOString(),
    });
    await this.deliverOne(revived);
    return this.present((await repo.findNotification(this.d.db, id)) as repo.NotificationRow, await repo.attemptsOf(this.d.db, [id]));
  }

  /** The app's notifications, newest first, with their delivery attempts. */
  async history(developerId: string, bundleId: string, q: { limit: number; offset: number; status?: NotificationStatus }) {
    const app = await this.ownedApp(this.d.db, developerId, bundleId);
    const rows = await repo.listForApp(this.d.db, app.id, q.limit, q.offset, q.status);
    const attempts = await repo.attemptsOf(
      this.d.db,
      rows.map((r) => r.id),
    );
    return {
      notifications: rows.map((r) =>
        this.present(
          r,
          attempts.filter((a) => a.notification_id === r.id),
        ),
      ),
    };
  }

  private present(r: repo.NotificationRow, attempts: Awaited<ReturnType<typeof repo.attemptsOf>>) {
    return {
      notificationUUID: r.id,
      notificationType: r.type,
      subtype: r.subtype,
      status: r.status,
      attempts: Number(r.attempts),
      nextAttemptAt: r.next_attempt_at,
      lastStatus: r.last_status === null ? null : Number(r.last_status),
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      signedPayload: r.signed_payload,
      deliveries: attempts.map((a) => ({
        at: a.at,
        url: a.url,
        statusCode: a.status_code === null ? null : Number(a.status_code),
        error: a.error,
        durationMs: Number(a.duration_ms),
      })),
    };
  }
}
