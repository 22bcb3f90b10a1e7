/** Query keys and shared option lists of the releases pages. */
import { useQueryClient } from '@tanstack/react-query';
import { type Build, RELEASE_MODES, type Version } from '../../../api/releases';
import { modeLabels } from './labels';

export const buildsKey = (bundleId: string) => ['builds', bundleId];
export const versionsKey = (bundleId: string) => ['versions', bundleId];

export const SEMVER_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export const modeOptions = RELEASE_MODES.map((m) => ({ value: m, label: modeLabels[m] }));

/** Builds that can be attached to `version` (all builds when the version is not known yet). */
export function buildOptions(builds: Build[] | undefined, version?: string) {
  const usable = (builds ?? []).filter((b) => !version || b.version === version);
  return [
    { value: '', label: usable.length ? 'No build yet' : 'No build of this version uploaded' },
    ...usable.map((b) => ({ value: String(b.buildNumber), label: `${b.version} (${b.buildNumber})` })),
  ];
}

/** Stores a version the server returned after an action. */
export function useVersionUpdated(bundleId: string) {
  const qc = useQueryClient();
  return (v: Version) => qc.setQueryData<Version[]>(versionsKey(bundleId), (xs) => xs?.map((x) => (x.id === v.id ? v : x)));
}
