/**
 * Versions: create one, attach a build, choose how it is released, submit it for review, and
 * follow it through review (status history with the reviewer's reasons) to sale. Only the
 * actions the server allows for the version's state are offered (`allowedActions`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { type Build, type ReleaseMode, releasesApi, type Version } from '../../../api/releases';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { SelectField, TextArea, TextField } from '../../../components/Fields';
import { useToast } from '../../../components/Toast';
import { buildOptions, buildsKey, modeOptions, SEMVER_RE, versionsKey } from './release-cache';
import { VersionCard } from './VersionCard';

const OPEN = new Set(['PREPARE_FOR_SUBMISSION', 'WAITING_FOR_REVIEW', 'IN_REVIEW', 'REJECTED', 'PENDING_DEVELOPER_RELEASE']);

export function VersionsSection({ bundleId }: { bundleId: string }) {
  const versions = useQuery({ queryKey: versionsKey(bundleId), queryFn: () => releasesApi.versions(bundleId) });
  const builds = useQuery({ queryKey: buildsKey(bundleId), queryFn: () => releasesApi.builds(bundleId) });
  const inProgress = versions.data?.some((v) => OPEN.has(v.state)) ?? false;
  const [adding, setAdding] = useState(false);
  const first = versions.data?.length === 0;
  return (
    <section className="card panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <p className="muted">A version goes through review before it is sold. One version at a time can be prepared or in review.</p>
      {versions.data &&
        !inProgress &&
        (first || adding ? (
          <NewVersionForm bundleId={bundleId} builds={builds.data} onDone={() => setAdding(false)} />
        ) : (
          <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
            <Plus size={16} aria-hidden="true" /> New version
          </button>
        ))}
      <ErrorNotice error={versions.error} onRetry={() => versions.refetch()} />
      {versions.data?.length === 0 && <p className="muted">No versions yet.</p>}
      <ul className="version-list">
        {versions.data?.map((v) => (
          <li key={v.id}>
            <VersionCard bundleId={bundleId} version={v} builds={builds.data} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewVersionForm({ bundleId, builds, onDone }: { bundleId: string; builds: Build[] | undefined; onDone: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [version, setVersion] = useState(builds?.[0]?.version ?? '');
  const [mode, setMode] = useState<ReleaseMode>('manual');
  const [build, setBuild] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      releasesApi.createVersion(bundleId, {
        version: version.trim(),
        releaseMode: mode,
        releaseNotes: notes,
        ...(build ? { buildNumber: Number(build) } : {}),
      }),
    onSuccess: (v: Version) => {
      qc.setQueryData<Version[]>(versionsKey(bundleId), (xs) => [v, ...(xs ?? [])]);
      toast(`Version ${v.version} created.`);
      setNotes('');
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const bad = SEMVER_RE.test(version.trim()) ? undefined : 'Use a semantic version like 1.2.0.';
    setError(bad);
    if (!bad) create.mutate();
  };
  return (
    <form className="form new-version" onSubmit={onSubmit} noValidate aria-labelledby="new-version-title">
      <h3 id="new-version-title" className="panel__subtitle">
        New version
      </h3>
      <div className="form__row">
        <TextField label="Version number" placeholder="1.0.0" value={version} onChange={(e) => setVersion(e.target.value)} error={error} />
        <SelectField
          label="Build"
          value={build}
          onChange={(e) => setBuild(e.target.value)}
          options={buildOptions(builds, SEMVER_RE.test(version.trim()) ? version.trim() : undefined)}
        />
      </div>
      <SelectField label="Release" value={mode} onChange={(e) => setMode(e.target.value as ReleaseMode)} options={modeOptions} />
      <TextArea label="What’s new" rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <ErrorNotice error={create.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          <Plus size={16} aria-hidden="true" /> {create.isPending ? 'Creating…' : 'Create version'}
        </button>
      </div>
    </form>
  );
}
