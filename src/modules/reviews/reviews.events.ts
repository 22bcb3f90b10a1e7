/** Events published by the reviews module (see docs/events.md). Payloads carry ids. */
export interface ReviewChanged {
  reviewId: string;
  appId: string;
  userId: string;
  /** The review's revision this event is about (edits bump it). */
  revision: number;
}
export interface ReviewStatusChanged extends ReviewChanged {
  status: string;
  previous: string;
}
export interface ReviewReported {
  reviewId: string;
  appId: string;
  reporterId: string;
  reason: string;
  reports: number;
}
export interface ReviewResponded {
  reviewId: string;
  appId: string;
  bundleId: string;
  /** The reviewer, who is notified. */
  userId: string;
  developerId: string;
  edited: boolean;
}
export interface RatingsChanged {
  appId: string;
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'review.created': ReviewChanged;
    'review.updated': ReviewChanged;
    'review.deleted': ReviewChanged;
    /** Moderation outcome or an incident hold/release changed whether it counts. */
    'review.status_changed': ReviewStatusChanged;
    'review.reported': ReviewReported;
    'review.responded': ReviewResponded;
    /** Something other than one review changed an app's ratings (a reset, a bulk hold). */
    'ratings.changed': RatingsChanged;
  }
}

/** Events after which an app's rating summary is recomputed. */
export const SUMMARY_EVENTS = ['review.deleted', 'review.status_changed', 'review.updated', 'ratings.changed'] as const;
