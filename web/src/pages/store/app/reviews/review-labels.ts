/** Words for review sorts, statuses and report reasons, shared by the review components. */
import type { ReportReason, ReviewSort, ReviewStatus } from '../../../../api/reviews';

export const SORTS: Array<{ value: ReviewSort; label: string }> = [
  { value: 'helpful', label: 'Most helpful' },
  { value: 'recent', label: 'Most recent' },
  { value: 'critical', label: 'Most critical' },
  { value: 'favorable', label: 'Most favorable' },
];

export const isSort = (s: string | null): s is ReviewSort => SORTS.some((x) => x.value === s);

/** What the author is told about their own review, by status. */
export const STATUS_TEXT: Record<ReviewStatus, { badge: string; text: string }> = {
  pending: { badge: 'Pending', text: 'Thanks! Your review is being checked. Only you can see it until it’s published.' },
  manual_review: { badge: 'In review', text: 'A moderator is looking at your review. Only you can see it until it’s published.' },
  approved: { badge: 'Published', text: 'Your review is published.' },
  rejected: {
    badge: 'Not published',
    text: 'Your review wasn’t published because it doesn’t follow the review guidelines. You can edit it.',
  },
};

export const REPORT_REASONS: Array<{ value: ReportReason; label: string }> = [
  { value: 'spam', label: 'Spam or advertising' },
  { value: 'offensive', label: 'Offensive or abusive' },
  { value: 'off_topic', label: 'Not about this app' },
  { value: 'fake', label: 'Looks fake' },
  { value: 'personal_info', label: 'Shares personal information' },
  { value: 'other', label: 'Something else' },
];

export const PAGE_SIZE = 10;
