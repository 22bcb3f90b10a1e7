/**
 * Builds, versions, phased releases (developer console) and the app-submission queue
 * (moderation). Shapes mirror src/modules/releases/releases.schemas.ts.
 */
import { api } from './client';

export const PLATFORMS = ['phone', 'tablet', 'desktop', 'tv'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const RELEASE_MODES = ['manual', 'automatic', 'phased'] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];
export type VersionState =
  | 'PREPARE_FOR_SUBMISSION'
  | 'WAITING_FOR_REVIEW'
  | 'IN_REVIEW'
  | 'REJECTED'
  | 'PENDING_DEVELOPER_RELEASE'
  | 'READY_FOR_SALE'
  | 'DEVELOPER_REMOVED';

export interface Build {
  id: string;
  bundleId: string;
  version: string;
  buildNumber: number;
  platforms: string[];
  minOs: Partial<Record<Platform, string>>;
  sizeBytes: number;
  sha256: string;
  releaseNotes: string;
  permissions: string[];
  signedMetadata: string;
  createdAt: string;
}

export interface Upload {
  id: string;
  bundleId: string;
  sizeBytes: number;
  offset: number;
  status: 'open' | 'complete' | 'failed';
  error: string | null;
  expiresAt: string;
  uploadUrl: string;
  build: Build | null;
}

export interface Check {
  name: string;
  ok: boolean;
  blocking: boolean;
  message: string;
}

export interface Checks {
  ranAt: string;
  passed: boolean;
  results: Check[];
  permissionsAdded: string[];
}

export interface Rollout {
  status: 'active' | 'paused' | 'halted' | 'complete';
  percent: number;
  day: number;
  pauseLeftMs: number;
  startedAt: string;
  pausedAt: string | null;
  haltedAt: string | null;
}

export interface RejectReason {
  code?: string;
  message: string;
}

export interface HistoryEntry {
  from: string | null;
  to: string;
  action: string;
  actorRole: string;
  reasons: RejectReason[] | null;
  note: string | null;
  at: string;
}

export interface Version {
  id: string;
  bundleId: string;
  version: string;
  state: VersionState;
  releaseMode: ReleaseMode;
  releaseNotes: string;
  build: Build | null;
  checks: Checks | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  releasedAt: string | null;
  rollout: Rollout | null;
  allowedActions: string[];
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface Submission extends Version {
  app: { id: string; name: string; developer: string; category: string; iconUrl: string | null };
}

export interface UploadMeta {
  version: string;
  buildNumber: number;
  platforms: Platform[];
  minOs?: Partial<Record<Platform, string>>;
  releaseNotes?: string;
  permissions?: string[];
  sizeBytes: number;
}

export type RolloutAction = 'pause' | 'resume' | 'halt' | 'complete';

const app = (bundleId: string, rest = '') => `/apps/${encodeURIComponent(bundleId)}${rest}`;
const ver = (bundleId: string, version: string, rest = '') => app(bundleId, `/versions/${encodeURIComponent(version)}${rest}`);

export const releasesApi = {
  createUpload: (bundleId: string, meta: UploadMeta) =>
    api<{ upload: Upload }>(app(bundleId, '/build-uploads'), { method: 'POST', body: meta }).then((r) => r.upload),
  upload: (id: string) => api<{ upload: Upload }>(`/build-uploads/${encodeURIComponent(id)}`).then((r) => r.upload),
  abortUpload: (id: string) => api<void>(`/build-uploads/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  builds: (bundleId: string) => api<{ builds: Build[] }>(app(bundleId, '/builds'), { query: { limit: 50 } }).then((r) => r.builds),

  versions: (bundleId: string) => api<{ versions: Version[] }>(app(bundleId, '/versions')).then((r) => r.versions),
  createVersion: (bundleId: string, body: { version: string; releaseMode: ReleaseMode; releaseNotes?: string; buildNumber?: number }) =>
    api<{ version: Version }>(app(bundleId, '/versions'), { method: 'POST', body }).then((r) => r.version),
  updateVersion: (bundleId: string, version: string, body: { buildNumber?: number; releaseNotes?: string; releaseMode?: ReleaseMode }) =>
    api<{ version: Version }>(ver(bundleId, version), { method: 'PATCH', body }).then((r) => r.version),
  act: (bundleId: string, version: string, action: 'submit' | 'withdraw' | 'remove') =>
    api<{ version: Version }>(ver(bundleId, version, `/${action}`), { method: 'POST' }).then((r) => r.version),
  release: (bundleId: string, version: string, phased: boolean) =>
    api<{ version: Version }>(ver(bundleId, version, '/release'), { method: 'POST', body: { phased } }).then((r) => r.version),
  rollout: (bundleId: string, version: string, action: RolloutAction) =>
    api<{ version: Version }>(ver(bundleId, version, `/rollout/${action}`), { method: 'POST' }).then((r) => r.version),
};

export const submissionsApi = {
  queue: (q: { state?: 'WAITING_FOR_REVIEW' | 'IN_REVIEW'; limit: number; offset: number }) =>
    api<{ submissions: Submission[]; total: number }>('/review/submissions', { query: q }),
  get: (id: string) => api<{ submission: Submission }>(`/review/submissions/${encodeURIComponent(id)}`).then((r) => r.submission),
  start: (id: string) =>
    api<{ submission: Submission }>(`/review/submissions/${encodeURIComponent(id)}/start`, { method: 'POST' }).then((r) => r.submission),
  approve: (id: string, note?: string) =>
    api<{ submission: Submission }>(`/review/submissions/${encodeURIComponent(id)}/approve`, {
      method: 'POST',
      body: note ? { note } : {},
    }).then((r) => r.submission),
  reject: (id: string, reasons: RejectReason[], note?: string) =>
    api<{ submission: Submission }>(`/review/submissions/${encodeURIComponent(id)}/reject`, {
      method: 'POST',
      body: note ? { reasons, note } : { reasons },
    }).then((r) => r.submission),
};
