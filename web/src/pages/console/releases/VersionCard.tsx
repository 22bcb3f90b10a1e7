/** One version: state, automated checks, editable details, actions, rollout controls and history. */
import { useMutation } from '@tanstack/react-query';
import { CircleCheck, CircleX, TriangleAlert } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { type Build, type ReleaseMode, releasesApi, type Version } from '../../../api/releases';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { SelectField, TextArea } from '../../../components/Fields';
import { useToast } from '../../../components/Toast';
import { formatDate } from '../../../lib/format';
import { actionLabels, StateBadge } from './labels';
import { RolloutPanel } from './RolloutPanel';
import { buildOptions, modeOptions, useVersionUpdated } from './release-cache';

const EDITABLE = new Set(['PREPARE_FOR_SUBMISSION', 'REJECTED']);

export function VersionCard({ bundleId, version: v, builds }: { bundleId: string; version: Version; builds: Build[] | undefined }) {
  const updated = useVersionUpdated(bundleId);
  const toast = useToast();
  const act = useMutation({
    mutationFn: (a: 'submit' | 'withdraw' | 'remove' | 'release' | 'release-phased') =>
      a === 'release' || a === 'release-phased'
        ? releasesApi.release(bundleId, v.version, a === 'release-phased')
        : releasesApi.act(bundleId, v.version, a),
    onSuccess: (next, a) => {
      updated(next);
      const words = { submit: 'submitted for review', withdraw: 'withdrawn', remove: 'removed from sale', release: 'released' };
      toast(`Version ${next.version} ${a === 'release-phased' ? 'is rolling out' : words[a]}.`);
    },
  });
  const can = (a: string) => v.allowedActions.includes(a);
  const editable = EDITABLE.has(v.state);
  const rejection = [...v.history].reverse().find((h) => h.action === 'reject');
  return (
    <article className="version card" aria-labelledby={`v-${v.id}`}>
      <header className="version__head">
        <h3 id={`v-${v.id}`}>Version {v.version}</h3>
        <StateBadge state={v.state} />
        <span className="muted small">
          {v.build ? `Build ${v.build.buildNumber}` : 'No build attached'} · {modeOptions.find((m) => m.value === v.releaseMode)?.label}
        </span>
      </header>

      {v.state === 'REJECTED' && rejection && (
        <div className="notice notice--error" role="note">
          <CircleX size={18} aria-hidden="true" />
          <span>
            <strong>The reviewer rejected this version.</strong>
            <ul className="reasons">
              {rejection.reasons?.map((r) => (
                <li key={r.message}>
                  {r.code && <code>{r.code}</code>} {r.message}
                </li>
              ))}
            </ul>
            {rejection.note && <span className="muted">Note: {rejection.note}</span>} Fix what is listed and submit again.
          </span>
        </div>
      )}

      {v.checks && <ChecksList checks={v.checks} />}
      {editable && <VersionEditor bundleId={bundleId} version={v} builds={builds} />}
      {v.rollout && <RolloutPanel bundleId={bundleId} version={v} />}

      <div className="row-actions">
        {can('submit') && (
          <button type="button" className="btn btn--primary" onClick={() => act.mutate('submit')} disabled={act.isPending}>
            Submit for review
          </button>
        )}
        {can('release') && (
          <>
            <button type="button" className="btn btn--primary" onClick={() => act.mutate('release')} disabled={act.isPending}>
              Release now to everyone
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => act.mutate('release-phased')} disabled={act.isPending}>
              Release in phases (7 days)
            </button>
          </>
        )}
        {can('withdraw') && (
          <button type="button" className="btn btn--ghost" onClick={() => act.mutate('withdraw')} disabled={act.isPending}>
            Withdraw from review
          </button>
        )}
        {can('remove') && (
          <button type="button" className="btn btn--danger-ghost" onClick={() => act.mutate('remove')} disabled={act.isPending}>
            Remove version
          </button>
        )}
      </div>
      <ErrorNotice error={act.error} />
      <History version={v} />
    </article>
  );
}

function ChecksList({ checks }: { checks: NonNullable<Version['checks']> }) {
  return (
    <details className="disclosure" open={!checks.passed || checks.permissionsAdded.length > 0}>
      <summary>
        Automated checks: {checks.passed ? 'passed' : 'failed'} ({formatDate(checks.ranAt)})
      </summary>
      <ul className="checks">
        {checks.results.map((c) => (
          <li key={c.name} className={c.ok ? 'checks__ok' : c.blocking ? 'checks__fail' : 'checks__warn'}>
            {c.ok ? (
              <CircleCheck size={16} aria-label="Passed" />
            ) : c.blocking ? (
              <CircleX size={16} aria-label="Failed" />
            ) : (
              <TriangleAlert size={16} aria-label="Flagged" />
            )}{' '}
            {c.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function VersionEditor({ bundleId, version: v, builds }: { bundleId: string; version: Version; builds: Build[] | undefined }) {
  const updated = useVersionUpdated(bundleId);
  const toast = useToast();
  const initial = { build: v.build ? String(v.build.buildNumber) : '', mode: v.releaseMode, notes: v.releaseNotes };
  const [build, setBuild] = useState(initial.build);
  const [mode, setMode] = useState<ReleaseMode>(initial.mode);
  const [notes, setNotes] = useState(initial.notes);
  const dirty = build !== initial.build || mode !== initial.mode || notes !== initial.notes;
  const save = useMutation({
    mutationFn: () =>
      releasesApi.updateVersion(bundleId, v.version, {
        ...(build && build !== initial.build ? { buildNumber: Number(build) } : {}),
        ...(mode !== initial.mode ? { releaseMode: mode } : {}),
        ...(notes !== initial.notes ? { releaseNotes: notes } : {}),
      }),
    onSuccess: (next) => {
      updated(next);
      toast(`Version ${next.version} saved.`);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="form version__editor" onSubmit={onSubmit} noValidate>
      <div className="form__row">
        <SelectField
          label={`Build for ${v.version}`}
          value={build}
          onChange={(e) => setBuild(e.target.value)}
          options={buildOptions(builds, v.version)}
        />
        <SelectField
          label={`Release of ${v.version}`}
          value={mode}
          onChange={(e) => setMode(e.target.value as ReleaseMode)}
          options={modeOptions}
        />
      </div>
      <TextArea label={`What’s new in ${v.version}`} rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <ErrorNotice error={save.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--ghost" disabled={!dirty || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save version'}
        </button>
      </div>
    </form>
  );
}

function History({ version: v }: { version: Version }) {
  if (v.history.length === 0) return null;
  return (
    <details className="disclosure">
      <summary>Status history ({v.history.length})</summary>
      <ol className="timeline" aria-label={`Status history of ${v.version}`}>
        {[...v.history].reverse().map((h) => (
          <li key={h.at + h.action} className="timeline__item">
            <time dateTime={h.at} className="muted small">
              {new Date(h.at).toLocaleString()}
            </time>
            <span className="strong">{actionLabels[h.action] ?? h.action}</span>
            <span className="muted small">by {h.actorRole}</span>
            {h.reasons && h.reasons.length > 0 && (
              <ul className="reasons">
                {h.reasons.map((r) => (
                  <li key={r.message}>{r.message}</li>
                ))}
              </ul>
            )}
            {h.note && <p className="small">{h.note}</p>}
          </li>
        ))}
      </ol>
    </details>
  );
}
