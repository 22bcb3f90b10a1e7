import type { Executor } from '../../db/database.js';
import type { EntitlementsTable } from './entitlements.tables.js';

export const insertEntitlement = (db: Executor, row: EntitlementsTable) => db.insertInto('entitlements').values(row).execute();

export const findLive = (db: Executor, userId: string, appId: string, productKey: string) =>
  db
    .selectFrom('entitlements')
    .selectAll()
    .where('user_id', '=', userId)
    .where('app_id', '=', appId)
    .where('product_key', '=', productKey)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const revoke = (db: Executor, id: string, now: string, reason: string) =>
  db
    .updateTable('entitlements')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const listLiveForUser = (db: Executor, userId: string, limit: number, offset: number) =>
  db
    .selectFrom('entitlements')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();

export const liveAppIdsForUser = (db: Executor, userId: string, appIds: string[]) =>
  appIds.length === 0
    ? Promise.resolve([] as Array<{ app_id: string }>)
    : db
        .selectFrom('entitlements')
        .select('app_id')
        .where('user_id', '=', userId)
        .where('product_key', '=', '')
        .where('revoked_at', 'is', null)
        .where('app_id', 'in', appIds)
        .execute();

export const countLive = async (db: Executor, source?: string) => {
  let q = db
    .selectFrom('entitlements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null);
  if (source) q = q.where('source', '=', source as EntitlementsTable['source']);
  return Number((await q.executeTakeFirst())?.n ?? 0);
};
