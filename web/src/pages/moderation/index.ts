/** The moderation console (moderators and admins), loaded on demand (see routes.tsx). */
export { AuditPage } from './AuditPage';
export { IncidentsPage } from './IncidentsPage';
export { ModelPage } from './ModelPage';
export { ModerationLayout } from './ModerationLayout';
export { ReviewQueuePage } from './ReviewQueuePage';
export { SubmissionPage } from './SubmissionPage';
export { SubmissionsPage } from './SubmissionsPage';
