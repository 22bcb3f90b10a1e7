/**
 * Automated checks run when a version is submitted for review. Blocking failures stop the
 * submission with the list of what to fix; new permissions never block but are flagged for the
 * reviewer, who should ask why an update suddenly wants the camera.
 */
import type { AppDetail } from '../catalog/catalog.service.js';
import type { Build } from './builds.service.js';

export interface CheckResult {
  name: 'build_attached' | 'build_matches_version' | 'metadata_complete' | 'screenshots_present' | 'release_notes' | 'permissions_added';
  ok: boolean;
  blocking: boolean;
  message: string;
}

export interface SubmissionChecks {
  ranAt: string;
  passed: boolean;
  results: CheckResult[];
  /** Permissions the build declares that the last released build did not. */
  permissionsAdded: string[];
}

export interface CheckInput {
  app: Pick<AppDetail, 'name' | 'description' | 'iconUrl' | 'screenshots' | 'category'>;
  version: { version: string; releaseNotes: string };
  build: Build | undefined;
  /** The newest released build before this one, if any. */
  previous: Pick<Build, 'permissions' | 'version'> | undefined;
  now: Date;
}

export const MIN_DESCRIPTION = 10;

export function runChecks(i: CheckInput): SubmissionChecks {
  const results: CheckResult[] = [];
  const add = (name: CheckResult['name'], ok: boolean, blocking: boolean, good: string, bad: string) =>
    results.push({ name, ok, blocking, message: ok ? good : bad });

  add('build_attached', i.build !== undefined, true, 'A build is attached', 'Attach a build before submitting');
  add(
    'build_matches_version',
    i.build === undefined || i.build.version === i.version.version,
    true,
    'The build carries this version',
    `The build is version ${i.build?.version}, not ${i.version.version}`,
  );
  const missing = [
    i.app.name.trim() ? null : 'name',
    i.app.description.trim().length >= MIN_DESCRIPTION ? null : `description (at least ${MIN_DESCRIPTION} characters)`,
    i.app.iconUrl ? null : 'icon',
  ].filter((m): m is string => m !== null);
  add('metadata_complete', missing.length === 0, true, 'Name, description and icon are present', `Missing: ${missing.join(', ')}`);
  add('screenshots_present', i.app.screenshots.length > 0, true, 'Screenshots are present', 'Add at least one screenshot');
  const firstRelease = i.previous === undefined;
  add(
    'release_notes',
    firstRelease || i.version.releaseNotes.trim().length > 0 || (i.build?.releaseNotes.trim().length ?? 0) > 0,
    true,
    'Release notes are present',
    'Say what is new in this version (release notes)',
  );
  const before = new Set(i.previous?.permissions ?? []);
  const permissionsAdded = firstRelease ? [] : (i.build?.permissions ?? []).filter((p) => !before.has(p));
  add(
    'permissions_added',
    permissionsAdded.length === 0,
    false,
    'No new permissions',
    `New permissions since ${i.previous?.version}: ${permissionsAdded.join(', ')}`,
  );
  return {
    ranAt: i.now.toISOString(),
    passed: results.every((r) => r.ok || !r.blocking),
    results,
    permissionsAdded,
  };
}
