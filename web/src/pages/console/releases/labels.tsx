/** Plain words for version states, release modes and history actions. */
import type { ReleaseMode, Rollout, VersionState } from '../../../api/releases';

export const stateLabels: Record<VersionState, string> = {
  PREPARE_FOR_SUBMISSION: 'Preparing',
  WAITING_FOR_REVIEW: 'Waiting for review',
  IN_REVIEW: 'In review',
  REJECTED: 'Rejected',
  PENDING_DEVELOPER_RELEASE: 'Approved, waiting for you',
  READY_FOR_SALE: 'On sale',
  DEVELOPER_REMOVED: 'Removed',
};

/** The badge colour of a state: draft (amber), live (green), removed (red) or neutral. */
export const stateTone: Record<VersionState, string> = {
  PREPARE_FOR_SUBMISSION: 'neutral',
  WAITING_FOR_REVIEW: 'draft',
  IN_REVIEW: 'draft',
  REJECTED: 'removed',
  PENDING_DEVELOPER_RELEASE: 'info',
  READY_FOR_SALE: 'live',
  DEVELOPER_REMOVED: 'removed',
};

export const modeLabels: Record<ReleaseMode, string> = {
  manual: 'Manually, when I release it',
  automatic: 'Automatically when approved',
  phased: 'Phased over 7 days when approved',
};

export const actionLabels: Record<string, string> = {
  create: 'Created',
  submit: 'Submitted for review',
  withdraw: 'Withdrawn from review',
  start_review: 'Review started',
  approve_hold: 'Approved (waiting for your release)',
  approve_release: 'Approved and released',
  reject: 'Rejected',
  release: 'Released',
  remove: 'Removed from sale',
};

export const rolloutLabels: Record<Rollout['status'], string> = {
  active: 'Rolling out',
  paused: 'Paused',
  halted: 'Halted',
  complete: 'Complete',
};

export function StateBadge({ state }: { state: VersionState }) {
  return <span className={`badge badge--${stateTone[state]}`}>{stateLabels[state]}</span>;
}
