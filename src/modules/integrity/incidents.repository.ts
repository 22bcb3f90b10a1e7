/** SQL of review-bombing incidents and the moderators' audit log. */
import type { Executor } from '../../db/database.js';
import type { ModerationAuditTable, ReviewIncidentsTable } from './integrity.tables.js';

export const findOpenIncident = (db: Executor, appId: string, direction: 'negative' | 'positive') =>
  db
    .selectFrom('review_incidents')
    .selectAll()
    .where('app_id', '=', appId)
    .where('direction', '=', direction)
    .where('status', '=', 'open')
    .executeTakeFirst();

export const findIncident = (db: Executor, id: string) =>
  db.selectFrom('review_incidents').selectAll().where('id', '=', id).executeTakeFirst();

export const insertIncident = (db: Executor, row: ReviewIncidentsTable) => db.insertInto('review_incidents').values(row).execute();

export const updateIncident = (db: Executor, id: string, patch: Partial<ReviewIncidentsTable>) =>
  db.updateTable('review_incidents').set(patch).where('id', '=', id).execute();

export function listIncidents(db: Executor, q: { status?: 'open' | 'resolved'; appId?: string; limit: number; offset: number }) {
  let query = db.selectFrom('review_incidents').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.appId) query = query.where('app_id', '=', q.appId);
  return query.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}

export const insertAudit = (db: Executor, row: ModerationAuditTable) => db.insertInto('moderation_audit').values(row).execute();

export function listAudit(db: Executor, q: { actorId?: string; targetId?: string; limit: number; offset: number }) {
  let query = db.selectFrom('moderation_audit').selectAll();
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}
