export const PLATFORMS = ['phone', 'tablet', 'desktop', 'tv'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const VERSION_STATES = [
  'PREPARE_FOR_SUBMISSION',
  'WAITING_FOR_REVIEW',
  'IN_REVIEW',
  'REJECTED',
  'PENDING_DEVELOPER_RELEASE',
  'READY_FOR_SALE',
  'DEVELOPER_REMOVED',
] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const RELEASE_MODES = ['manual', 'automatic', 'phased'] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

export interface BuildsTable {
  id: string;
  app_id: string;
  /** Copied from the catalog (immutable there) so update checks need no catalog lookup. */
  bundle_id: string;
  version: string;
  build_number: number;
  /** JSON array of Platform. */
  platforms: string;
  /** JSON object platform → minimum OS version ("14.0"). */
  min_os: string;
  size_bytes: number;
  sha256: string;
  release_notes: string;
  /** JSON array of permission names. */
  permissions: string;
  /** Compact JWS (ES256) over the build's identity and sha256, for device clients to verify. */
  signed_metadata: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface BuildUploadsTable {
  id: string;
  app_id: string;
  developer_id: string;
  bundle_id: string;
  /** JSON of the declared build metadata (version, buildNumber, platforms, …). */
  metadata: string;
  size_bytes: number;
  received_bytes: number;
  status: 'open' | 'complete' | 'failed';
  build_id: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

export interface AppVersionsTable {
  id: string;
  app_id: string;
  bundle_id: string;
  developer_id: string;
  version: string;
  state: VersionState;
  release_mode: ReleaseMode;
  build_id: string | null;
  release_notes: string;
  /** JSON of the automated checks run at the last submission. */
  checks: string | null;
  reviewer_id: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  released_at: string | null;
  phased_started_at: string | null;
  phased_paused_at: string | null;
  /** Milliseconds spent paused in earlier (finished) pauses. */
  phased_paused_ms: number;
  phased_halted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface VersionHistoryTable {
  id: string;
  version_id: string;
  from_state: VersionState | null;
  to_state: VersionState;
  action: string;
  actor_id: string | null;
  actor_role: 'developer' | 'reviewer' | 'system';
  /** JSON array of {code?, message} (rejections) or null. */
  reasons: string | null;
  note: string | null;
  at: string;
}

export interface ReleasesTables {
  builds: BuildsTable;
  build_uploads: BuildUploadsTable;
  app_versions: AppVersionsTable;
  version_history: VersionHistoryTable;
}
