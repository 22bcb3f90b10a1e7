/** SQL for in-app products, their prices and developers' commission programs. */
import type { Executor } from '../../../db/database.js';
import type { IapPricesTable, IapProductsTable } from '../commerce.tables.js';

export const insertProduct = (db: Executor, row: IapProductsTable) => db.insertInto('iap_products').values(row).execute();

export const updateProduct = (db: Executor, id: string, patch: Partial<IapProductsTable>) =>
  db.updateTable('iap_products').set(patch).where('id', '=', id).execute();

export const findProduct = (db: Executor, appId: string, productId: string) =>
  db.selectFrom('iap_products').selectAll().where('app_id', '=', appId).where('product_id', '=', productId).executeTakeFirst();

export const listProducts = (db: Executor, appId: string, includeRemoved: boolean) => {
  let q = db.selectFrom('iap_products').selectAll().where('app_id', '=', appId);
  if (!includeRemoved) q = q.where('status', '=', 'active');
  return q.orderBy('product_id').execute();
};

export const pricesOf = (db: Executor, iapIds: string[]) =>
  iapIds.length === 0
    ? Promise.resolve([] as IapPricesTable[])
    : db.selectFrom('iap_prices').selectAll().where('iap_id', 'in', iapIds).orderBy('country').execute();

export const priceIn = (db: Executor, iapId: string, country: string) =>
  db.selectFrom('iap_prices').selectAll().where('iap_id', '=', iapId).where('country', '=', country).executeTakeFirst();

export const replacePrices = async (db: Executor, iapId: string, rows: IapPricesTable[]) => {
  await db.deleteFrom('iap_prices').where('iap_id', '=', iapId).execute();
  if (rows.length) await db.insertInto('iap_prices').values(rows).execute();
};

export const commissionOf = (db: Executor, developerId: string) =>
  db.selectFrom('commission_programs').selectAll().where('developer_id', '=', developerId).executeTakeFirst();

export const upsertCommission = (db: Executor, developerId: string, bps: number, program: string, now: string) =>
  db
    .insertInto('commission_programs')
    .values({ developer_id: developerId, commission_bps: bps, program, updated_at: now })
    .onConflict((oc) => oc.column('developer_id').doUpdateSet({ commission_bps: bps, program, updated_at: now }))
    .execute();
