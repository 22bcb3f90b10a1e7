/**
 * Entitlements: what a user may download or use — an app (free "get" or purchase), a
 * non-consumable in-app product, or a subscription group. Commerce and subscriptions grant and
 * revoke; delivery and reviews ask. One live entitlement per (user, app, product) is enforced
 * by a unique index, which is what turns a second concurrent purchase into `already_owned`.
 */
import type { Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import './entitlements.events.js';
import * as repo from './entitlements.repository.js';
import type { EntitlementSource, EntitlementsTable } from './entitlements.tables.js';

registerErrors({
  already_owned: { status: 409, title: 'You already own this item' },
  not_entitled: { status: 403, title: 'You do not own this app' },
});

export interface Entitlement {
  id: string;
  userId: string;
  appId: string;
  productId: string | null;
  source: EntitlementSource;
  sourceId: string | null;
  grantedAt: string;
}

const toEntitlement = (r: EntitlementsTable): Entitlement => ({
  id: r.id,
  userId: r.user_id,
  appId: r.app_id,
  productId: r.product_key === '' ? null : r.product_key,
  source: r.source,
  sourceId: r.source_id,
  grantedAt: r.granted_at,
});

export class EntitlementsService {
  constructor(private readonly d: { clock: Clock; bus: EventBus }) {}

  /**
   * Grants an entitlement inside the caller's transaction. Throws `already_owned` (409) when a
   * live one exists — including when a concurrent transaction granted it first.
   */
  async grant(
    trx: Executor,
    input: { userId: string; appId: string; productId?: string | null; source: EntitlementSource; sourceId?: string | null },
  ): Promise<Entitlement> {
    const row: EntitlementsTable = {
      id: newId(),
      user_id: input.userId,
      app_id: input.appId,
      product_key: input.productId ?? '',
      source: input.source,
      source_id: input.sourceId ?? null,
      granted_at: this.d.clock.now().toISOString(),
      revoked_at: null,
      revoke_reason: null,
    };
    try {
      await repo.insertEntitlement(trx, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('already_owned');
      throw err;
    }
    const e = toEntitlement(row);
    await this.d.bus.emit(trx, {
      type: 'entitlement.granted',
      aggregateId: e.userId,
      payload: { entitlementId: e.id, userId: e.userId, appId: e.appId, productId: e.productId, source: e.source },
    });
    return e;
  }

  /** Revokes the live entitlement, if any (refunds, subscription expiry). Returns whether one was revoked. */
  async revoke(trx: Executor, input: { userId: string; appId: string; productId?: string | null; reason: string }): Promise<boolean> {
    const live = await repo.findLive(trx, input.userId, input.appId, input.productId ?? '');
    if (!live) return false;
    const r = await repo.revoke(trx, live.id, this.d.clock.now().toISOString(), input.reason);
    if (Number(r.numUpdatedRows) === 0) return false;
    const e = toEntitlement(live);
    await this.d.bus.emit(trx, {
      type: 'entitlement.revoked',
      aggregateId: e.userId,
      payload: { entitlementId: e.id, userId: e.userId, appId: e.appId, productId: e.productId, source: e.source, reason: input.reason },
    });
    return true;
  }

  async find(db: Executor, userId: string, appId: string, productId?: string | null): Promise<Entitlement | undefined> {
    const r = await repo.findLive(db, userId, appId, productId ?? '');
    return r ? toEntitlement(r) : undefined;
  }

  async isEntitled(db: Executor, userId: string, appId: string, productId?: string | null): Promise<boolean> {
    return (await repo.findLive(db, userId, appId, productId ?? '')) !== undefined;
  }

  /** Throws `not_entitled` (403) unless the user owns the app. */
  async assertEntitled(db: Executor, userId: string, appId: string): Promise<void> {
    if (!(await this.isEntitled(db, userId, appId))) throw new AppError('not_entitled');
  }

  /** Which of `appIds` the user owns (update checks over hundreds of apps ask in one query). */
  async ownedAppIds(db: Executor, userId: string, appIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < appIds.length; i += 500) {
      for (const r of await repo.liveAppIdsForUser(db, userId, appIds.slice(i, i + 500))) out.add(r.app_id);
    }
    return out;
  }

  /** How many live entitlements exist (optionally from one source); the commerce audit compares it with purchases. */
  async countLive(db: Executor, source?: EntitlementSource): Promise<number> {
    return repo.countLive(db, source);
  }

  async listForUser(db: Executor, userId: string, limit = 100, offset = 0): Promise<Entitlement[]> {
    return (await repo.listLiveForUser(db, userId, limit, offset)).map(toEntitlement);
  }
}
