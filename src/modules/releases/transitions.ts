/**
 * The app-version state machine as one explicit table: every change of state goes through
 * `nextState`, so an action that is not in the table (approve a rejected version, release one
 * still in review) is refused with `invalid_transition` instead of being half-applied.
 */
import { AppError, registerErrors } from '../../platform/errors.js';
import type { VersionState } from './releases.tables.js';

registerErrors({
  invalid_transition: { status: 409, title: 'The version cannot make this change from its current state' },
});

export type VersionAction = 'submit' | 'withdraw' | 'start_review' | 'approve_hold' | 'approve_release' | 'reject' | 'release' | 'remove';

export const TRANSITIONS: Readonly<Record<VersionState, Partial<Record<VersionAction, VersionState>>>> = {
  PREPARE_FOR_SUBMISSION: { submit: 'WAITING_FOR_REVIEW', remove: 'DEVELOPER_REMOVED' },
  WAITING_FOR_REVIEW: { start_review: 'IN_REVIEW', withdraw: 'PREPARE_FOR_SUBMISSION' },
  IN_REVIEW: {
    approve_hold: 'PENDING_DEVELOPER_RELEASE',
    approve_release: 'READY_FOR_SALE',
    reject: 'REJECTED',
    withdraw: 'PREPARE_FOR_SUBMISSION',
  },
  REJECTED: { submit: 'WAITING_FOR_REVIEW', withdraw: 'PREPARE_FOR_SUBMISSION', remove: 'DEVELOPER_REMOVED' },
  PENDING_DEVELOPER_RELEASE: { release: 'READY_FOR_SALE', remove: 'DEVELOPER_REMOVED' },
  READY_FOR_SALE: { remove: 'DEVELOPER_REMOVED' },
  DEVELOPER_REMOVED: {},
};

/** States in which a version is still being worked on (at most one per app at a time). */
export const OPEN_STATES: readonly VersionState[] = [
  'PREPARE_FOR_SUBMISSION',
  'WAITING_FOR_REVIEW',
  'IN_REVIEW',
  'REJECTED',
  'PENDING_DEVELOPER_RELEASE',
];

/** States in which the developer may still change the build, notes and release mode. */
export const EDITABLE_STATES: readonly VersionState[] = ['PREPARE_FOR_SUBMISSION', 'REJECTED'];

export function nextState(from: VersionState, action: VersionAction): VersionState {
  const to = TRANSITIONS[from][action];
  if (!to) throw new AppError('invalid_transition', `Cannot ${action.replace(/_/g, ' ')} a version in ${from}`, { state: from, action });
  return to;
}

export function allowedActions(from: VersionState): VersionAction[] {
  return Object.keys(TRANSITIONS[from]) as VersionAction[];
}
