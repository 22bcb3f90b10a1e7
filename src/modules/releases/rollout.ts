/**
 * Phased release arithmetic, computed from timestamps and the clock (no state machine to tick):
 * seven daily steps of 1, 2, 5, 10, 20, 50 and 100% of users; paused time does not count, a
 * pause ends by itself after 30 days in total (as on the big stores), and a halted rollout
 * offers the version to nobody new. A user's bucket is a stable hash of (user, app), so raising
 * the percentage only adds users and nobody flips in and out.
 */
import crypto from 'node:crypto';
import { DAY_MS } from '../../platform/clock.js';

export const PHASE_PERCENTAGES = [1, 2, 5, 10, 20, 50, 100] as const;
export const MAX_PAUSE_MS = 30 * DAY_MS;

export interface RolloutTimes {
  startedAt: string | null;
  pausedAt: string | null;
  pausedMs: number;
  haltedAt: string | null;
}

export type RolloutStatus = 'active' | 'paused' | 'halted' | 'complete';

export interface RolloutView {
  status: RolloutStatus;
  percent: number;
  /** 1..7 while rolling out. */
  day: number;
  /** Pause time still allowed, in ms. */
  pauseLeftMs: number;
}

/** Time paused so far, counting the current pause up to the 30-day allowance. */
export function pausedSoFar(r: RolloutTimes, now: number): number {
  const current = r.pausedAt ? Math.max(0, now - Date.parse(r.pausedAt)) : 0;
  return Math.min(MAX_PAUSE_MS, r.pausedMs + current);
}

export function rolloutView(r: RolloutTimes, now: number): RolloutView {
  if (!r.startedAt) return { status: 'complete', percent: 100, day: 7, pauseLeftMs: 0 };
  const paused = pausedSoFar(r, now);
  const stillPaused = r.pausedAt !== null && paused < MAX_PAUSE_MS;
  const end = r.haltedAt ? Date.parse(r.haltedAt) : now;
  const elapsed = Math.max(0, end - Date.parse(r.startedAt) - paused);
  const step = Math.min(PHASE_PERCENTAGES.length - 1, Math.floor(elapsed / DAY_MS));
  const percent = PHASE_PERCENTAGES[step] as number;
  const status: RolloutStatus = r.haltedAt ? 'halted' : percent === 100 ? 'complete' : stillPaused ? 'paused' : 'active';
  return { status, percent, day: step + 1, pauseLeftMs: MAX_PAUSE_MS - paused };
}

/** A user's stable position in [0, 100) for an app. */
export function userBucket(userId: string, appId: string): number {
  const h = crypto.createHash('sha256').update(userId).update('\u0000').update(appId).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 100;
}

/** Whether a phased version is offered to this user now (halted: to nobody). */
export function inRollout(view: RolloutView, userId: string, appId: string): boolean {
  if (view.status === 'halted') return false;
  if (view.percent >= 100) return true;
  return userBucket(userId, appId) < view.percent;
}
