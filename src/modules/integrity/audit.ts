/** The moderators' audit log: every moderator action, who did it, to what and why. */
import type { Executor } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import * as repo from './incidents.repository.js';

export interface AuditEntry {
  actorId: string;
  action: string;
  targetType: 'review' | 'incident' | 'model';
  targetId: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export async function writeAudit(trx: Executor, clock: Clock, e: AuditEntry): Promise<void> {
  await repo.insertAudit(trx, {
    id: newId(),
    actor_id: e.actorId,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    reason: e.reason ?? '',
    details: JSON.stringify(e.details ?? {}),
    created_at: clock.now().toISOString(),
  });
}

export async function listAudit(db: Executor, q: { actorId?: string; targetId?: string; limit: number; offset: number }) {
  return (await repo.listAudit(db, q)).map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
  }));
}
