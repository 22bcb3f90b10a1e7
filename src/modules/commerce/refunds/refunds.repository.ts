/** SQL for refund requests. */
import type { Executor } from '../../../db/database.js';
import type { RefundStatus, RefundsTable } from '../commerce.tables.js';

export type RefundRow = RefundsTable;

export const insertRefund = (db: Executor, row: RefundRow) => db.insertInto('refunds').values(row).execute();

export const findRefund = (db: Executor, id: string) =>
  db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst() as Promise<RefundRow | undefined>;

export const transition = async (db: Executor, id: string, from: RefundStatus, patch: Partial<RefundRow>) =>
  Number((await db.updateTable('refunds').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst()).numUpdatedRows) ===
  1;

export const list = (db: Executor, q: { status?: RefundStatus; limit: number; offset: number }) => {
  let query = db.selectFrom('refunds').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  return query.orderBy('created_at', 'desc').limit(q.limit).offset(q.offset).execute() as Promise<RefundRow[]>;
};

/** Approved refunds whose provider step has not completed (retried by a job). */
export const approvedBefore = (db: Executor, before: string) =>
  db.selectFrom('refunds').selectAll().where('status', '=', 'approved').where('decided_at', '<', before).limit(200).execute() as Promise<
    RefundRow[]
  >;

/** Each purchase's latest refund request, whatever its state (purchase history). */
export async function latestForPurchases(db: Executor, purchaseIds: string[]): Promise<Map<string, RefundRow>> {
  const latest = new Map<string, RefundRow>();
  if (purchaseIds.length === 0) return latest;
  const rows = (await db
    .selectFrom('refunds')
    .selectAll()
    .where('purchase_id', 'in', purchaseIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as RefundRow[];
  for (const r of rows) latest.set(r.purchase_id, r); // later requests (after a rejection) win
  return latest;
}
