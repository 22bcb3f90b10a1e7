/** SQL of trained model versions. */
import type { Executor } from '../../db/database.js';
import type { IntegrityModelsTable, ModelStatus } from './integrity.tables.js';

export const liveModelRef = (db: Executor) =>
  db.selectFrom('integrity_models').select(['id', 'version']).where('status', '=', 'live').executeTakeFirst();

export const findModel = (db: Executor, id: string) =>
  db.selectFrom('integrity_models').selectAll().where('id', '=', id).executeTakeFirst();

export const nextVersion = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('integrity_models')
        .select((eb) => eb.fn.max('version').as('v'))
        .executeTakeFirst()
    )?.v ?? 0,
  ) + 1;

export const insertModel = (db: Executor, row: IntegrityModelsTable) => db.insertInto('integrity_models').values(row).execute();

export const setStatus = (db: Executor, id: string, status: ModelStatus, promotedAt?: string) =>
  db
    .updateTable('integrity_models')
    .set({ status, ...(promotedAt ? { promoted_at: promotedAt } : {}) })
    .where('id', '=', id)
    .execute();

export const retireLive = (db: Executor) =>
  db.updateTable('integrity_models').set({ status: 'retired' }).where('status', '=', 'live').execute();

/** Model versions without their weights, newest first. */
export const listModels = (db: Executor, limit: number) =>
  db
    .selectFrom('integrity_models')
    .select(['id', 'version', 'status', 'metrics', 'live_metrics', 'labels', 'train_seconds', 'trigger', 'created_at', 'promoted_at'])
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();

/** The newest version's creation time and label count (for "are there new labels?"). */
export const latestModel = (db: Executor) =>
  db.selectFrom('integrity_models').select(['created_at', 'labels']).orderBy('version', 'desc').limit(1).executeTakeFirst();

/** Drops the weights of old, non-live versions (their metrics stay). */
export const pruneWeights = (db: Executor, keepFromVersion: number) =>
  db
    .updateTable('integrity_models')
    .set({ weights: null })
    .where('status', '!=', 'live')
    .where('version', '<', keepFromVersion)
    .where('weights', 'is not', null)
    .execute();
