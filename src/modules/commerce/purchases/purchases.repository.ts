/** SQL for purchases and their idempotency keys. Lock and phase changes are compare-and-set updates. */
import { sql } from 'kysely';
import type { Executor } from '../../../db/database.js';
import type { PurchaseKeysTable, PurchaseStatus, PurchasesTable, RecoveryPoint } from '../commerce.tables.js';

export type PurchaseRow = PurchasesTable;
export type KeyRow = PurchaseKeysTable;

export const insertPurchase = (db: Executor, row: PurchaseRow) => db.insertInto('purchases').values(row).execute();

export const findPurchase = (db: Executor, id: string) =>
  db.selectFrom('purchases').selectAll().where('id', '=', id).executeTakeFirst() as Promise<PurchaseRow | undefined>;
export const findPurchases = async (db: Executor, ids: string[]) =>
  ids.length === 0 ? [] : ((await db.selectFrom('purchases').selectAll().where('id', 'in', ids).execute()) as PurchaseRow[]);

export const findByTransaction = (db: Executor, transactionId: string) =>
  db.selectFrom('purchases').selectAll().where('transaction_id', '=', transactionId).executeTakeFirst() as Promise<PurchaseRow | undefined>;

/** Moves a purchase from one status to another; returns false when it was not in `from`. */
export const transition = async (db: Executor, id: string, from: PurchaseStatus, patch: Partial<PurchaseRow>) =>
  Number(
    (await db.updateTable('purchases').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst()).numUpdatedRows,
  ) === 1;

/**
 * Completes many pending purchases in one statement per 200 (subscription renewal batches):
 * `update … from (values …)`, compare-and-set on `pending` row by row. Returns the ids completed.
 */
export async function completeMany(
  db: Executor,
  rows: Array<{ id: string; chargeId: string | null; receipt: string }>,
  now: string,
): Promise<Set<string>> {
  const done = new Set<string>();
  for (let i = 0; i < rows.length; i += 200) {
    const values = sql.join(rows.slice(i, i + 200).map((r) => sql`(${r.id}, ${r.chargeId}, ${r.receipt})`));
    const res = await sql<{ id: string }>`
      update purchases set status = 'completed', charge_id = v.column2, receipt = v.column3, completed_at = ${now}, updated_at = ${now}
      from (values ${values}) as v
      where purchases.id = v.column1 and purchases.status = 'pending'
      returning id`.execute(db);
    for (const r of res.rows) done.add(r.id);
  }
  return done;
}

export const pendingBefore = (db: Executor, before: string, limit: number) =>
  db
    .selectFrom('purchases')
    .selectAll()
    .where('status', '=', 'pending')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute() as Promise<PurchaseRow[]>;

export const listForUser = (db: Executor, userId: string, statuses: PurchaseStatus[], limit: number, offset: number) =>
  db
    .selectFrom('purchases')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', 'in', statuses)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute() as Promise<PurchaseRow[]>;

export const countForUser = async (db: Executor, userId: string, statuses: PurchaseStatus[]) =>
  Number(
    (
      await db
        .selectFrom('purchases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('status', 'in', statuses)
        .executeTakeFirst()
    )?.n ?? 0,
  );

export const findKey = (db: Executor, userId: string, key: string) =>
  db.selectFrom('purchase_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst() as Promise<
    KeyRow | undefined
  >;

export const findKeyForPurchase = (db: Executor, purchaseId: string) =>
  db.selectFrom('purchase_keys').selectAll().where('purchase_id', '=', purchaseId).executeTakeFirst() as Promise<KeyRow | undefined>;

export const insertKey = (db: Executor, row: KeyRow) => db.insertInto('purchase_keys').values(row).execute();

/** Takes the key's lock when it is free or its lease lapsed (a crashed owner); true when taken. */
export const takeLock = async (db: Executor, id: string, owner: string, now: string, until: string) =>
  Number(
    (
      await db
        .updateTable('purchase_keys')
        .set({ lock_owner: owner, locked_until: until, updated_at: now })
        .where('id', '=', id)
        .where('response_status', 'is', null)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const releaseLock = (db: Executor, id: string, owner: string, now: string) =>
  db
    .updateTable('purchase_keys')
    .set({ lock_owner: null, locked_until: null, updated_at: now })
    .where('id', '=', id)
    .where('lock_owner', '=', owner)
    .execute();

/** Advances the recovery point while still holding the lock; false when the lock was lost. */
export const advance = async (
  db: Executor,
  id: string,
  owner: string,
  from: RecoveryPoint,
  patch: Partial<Pick<KeyRow, 'recovery_point' | 'response_status' | 'response_type' | 'response_body' | 'updated_at'>>,
) =>
  Number(
    (
      await db
        .updateTable('purchase_keys')
        .set({ ...patch, ...(patch.recovery_point === 'finished' ? { lock_owner: null, locked_until: null } : {}) })
        .where('id', '=', id)
        .where('lock_owner', '=', owner)
        .where('recovery_point', '=', from)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const deleteKey = (db: Executor, id: string) => db.deleteFrom('purchase_keys').where('id', '=', id).execute();

/** Drops keys older than `before` unless their purchase is still unresolved. */
export const reapKeys = async (db: Executor, before: string) =>
  Number(
    (
      await db
        .deleteFrom('purchase_keys')
        .where('created_at', '<', before)
        .where((eb) =>
          eb.or([
            eb('response_status', 'is not', null),
            eb('purchase_id', 'is', null),
            eb('purchase_id', 'not in', eb.selectFrom('purchases').select('id').where('status', '=', 'pending')),
          ]),
        )
        .executeTakeFirst()
    ).numDeletedRows,
  );
