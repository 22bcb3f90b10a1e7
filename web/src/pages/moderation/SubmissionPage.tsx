/**
 * One submission: the app and build, automated check results, newly requested permissions
 * (flagged), release notes and history; start the review, then approve or reject with reasons
 * the developer sees in the version's history.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, CircleCheck, CircleX, Plus, Trash2, TriangleAlert, X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { type RejectReason, type Submission, submissionsApi } from '../../api/releases';
import { AppIcon } from '../../components/AppIcon';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextArea } from '../../components/Fields';
import { PageFallback } from '../../components/Layout';
import { useToast } from '../../components/Toast';
import { formatBytes, formatDate } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { actionLabels, modeLabels, StateBadge } from '../console/releases/labels';
import { NotFoundPage } from '../store/NotFoundPage';
import { submissionsKey } from './SubmissionsPage';

const REASON_CODES = [
  { value: '', label: 'No guideline code' },
  { value: 'metadata', label: 'Metadata' },
  { value: 'crash', label: 'Crashes or bugs' },
  { value: 'privacy', label: 'Privacy / permissions' },
  { value: 'content', label: 'Objectionable content' },
  { value: 'payments', label: 'Payments' },
  { value: 'other', label: 'Other' },
];

export function SubmissionPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const key = ['moderation', 'submission', id];
  const q = useQuery({ queryKey: key, queryFn: () => submissionsApi.get(id) });
  const s = q.data;
  usePageTitle(s ? `Review ${s.app.name} ${s.version}` : 'Submission');
  const stored = (next: Submission) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: submissionsKey });
  };
  if (q.isPending) return <PageFallback />;
  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage what="submission" />;
  if (!s) return <ErrorNotice error={q.error} onRetry={() => q.refetch()} />;
  const b = s.build;
  return (
    <div className="stack-lg">
      <p className="breadcrumb">
        <Link to="/moderation/submissions">App submissions</Link> / {s.app.name} {s.version}
      </p>
      <header className="edit-head card">
        <AppIcon name={s.app.name} bundleId={s.bundleId} iconUrl={s.app.iconUrl} size={64} />
        <div className="edit-head__text">
          <h1 className="page-title">
            {s.app.name} {s.version} <StateBadge state={s.state} />
          </h1>
          <span className="muted">
            {s.app.developer} · {s.app.category} · <code>{s.bundleId}</code>
          </span>
        </div>
      </header>

      <div className="review-grid">
        <section className="card panel" aria-labelledby="checks-title">
          <h2 id="checks-title">Automated checks</h2>
          {s.checks ? (
            <>
              {s.checks.permissionsAdded.length > 0 && (
                <p className="notice notice--warn" role="note">
                  <TriangleAlert size={18} aria-hidden="true" />
                  <span>
                    <strong>New permissions since the last release:</strong> {s.checks.permissionsAdded.join(', ')}. Check that the app
                    explains why it needs them.
                  </span>
                </p>
              )}
              <ul className="checks">
                {s.checks.results.map((c) => (
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
              <p className="muted small">Ran {formatDate(s.checks.ranAt)}</p>
            </>
          ) : (
            <p className="muted">No checks recorded.</p>
          )}
        </section>
        <section className="card panel" aria-labelledby="build-title">
          <h2 id="build-title">Build</h2>
          {b ? (
            <dl className="build-facts">
              <dt>Build number</dt>
              <dd>{b.buildNumber}</dd>
              <dt>Platforms</dt>
              <dd>{b.platforms.join(', ')}</dd>
              <dt>Permissions</dt>
              <dd>{b.permissions.length ? b.permissions.join(', ') : 'none'}</dd>
              <dt>Size</dt>
              <dd>{formatBytes(b.sizeBytes)}</dd>
              <dt>SHA-256</dt>
              <dd>
                <code className="break">{b.sha256}</code>
              </dd>
              <dt>Release</dt>
              <dd>{modeLabels[s.releaseMode]}</dd>
            </dl>
          ) : (
            <p className="muted">No build attached.</p>
          )}
          <h3 className="panel__subtitle">What’s new</h3>
          <p className="prewrap">{s.releaseNotes || b?.releaseNotes || <span className="muted">No release notes.</span>}</p>
        </section>
      </div>

      <Decision submission={s} onChange={stored} />

      <section className="card panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol className="timeline">
          {[...s.history].reverse().map((h) => (
            <li key={h.at + h.action} className="timeline__item">
              <time dateTime={h.at} className="muted small">
                {new Date(h.at).toLocaleString()}
              </time>
              <span className="strong">{actionLabels[h.action] ?? h.action}</span>
              <span className="muted small">by {h.actorRole}</span>
              {h.reasons?.length ? (
                <ul className="reasons">
                  {h.reasons.map((r) => (
                    <li key={r.message}>{r.message}</li>
                  ))}
                </ul>
              ) : null}
              {h.note && <p className="small">{h.note}</p>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Decision({ submission: s, onChange }: { submission: Submission; onChange: (s: Submission) => void }) {
  const toast = useToast();
  const [mode, setMode] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const [reasons, setReasons] = useState<RejectReason[]>([{ code: '', message: '' }]);
  const [error, setError] = useState<string>();
  const start = useMutation({
    mutationFn: () => submissionsApi.start(s.id),
    onSuccess: (next) => {
      onChange(next);
      toast('Review started.');
    },
  });
  const approve = useMutation({
    mutationFn: () => submissionsApi.approve(s.id, note.trim() || undefined),
    onSuccess: (next) => {
      onChange(next);
      setMode(null);
      toast(`${next.app.name} ${next.version} approved.`);
    },
  });
  const reject = useMutation({
    mutationFn: (rs: RejectReason[]) => submissionsApi.reject(s.id, rs, note.trim() || undefined),
    onSuccess: (next) => {
      onChange(next);
      setMode(null);
      toast(`${next.app.name} ${next.version} rejected. The developer sees your reasons.`);
    },
  });
  const onReject = (e: FormEvent) => {
    e.preventDefault();
    const rs = reasons.filter((r) => r.message.trim()).map((r) => ({ ...(r.code ? { code: r.code } : {}), message: r.message.trim() }));
    if (!rs.length) {
      setError('Give at least one reason the developer can act on.');
      return;
    }
    setError(undefined);
    reject.mutate(rs);
  };
  if (s.state !== 'WAITING_FOR_REVIEW' && s.state !== 'IN_REVIEW') {
    return (
      <p className="notice notice--info">
        <span>
          This version is no longer in review (
          {s.reviewedAt ? `decided ${formatDate(s.reviewedAt)}` : s.state.toLowerCase().replace(/_/g, ' ')}).
        </span>
      </p>
    );
  }
  return (
    <section className="card panel" aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      {s.state === 'WAITING_FOR_REVIEW' ? (
        <>
          <p className="muted">Start the review so other reviewers see you have it.</p>
          <button type="button" className="btn btn--primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start review'}
          </button>
          <ErrorNotice error={start.error} />
        </>
      ) : (
        <>
          <div className="row-actions">
            <button type="button" className="btn btn--primary" aria-pressed={mode === 'approve'} onClick={() => setMode('approve')}>
              <Check size={16} aria-hidden="true" /> Approve…
            </button>
            <button type="button" className="btn btn--danger" aria-pressed={mode === 'reject'} onClick={() => setMode('reject')}>
              <X size={16} aria-hidden="true" /> Reject…
            </button>
          </div>
          {mode === 'approve' && (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                approve.mutate();
              }}
            >
              <TextArea
                label="Note for the developer (optional)"
                rows={2}
                maxLength={2000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <p className="muted small">
                {s.releaseMode === 'manual'
                  ? 'The developer releases it when ready.'
                  : s.releaseMode === 'phased'
                    ? 'It starts a 7-day phased release right away.'
                    : 'It goes on sale right away.'}
              </p>
              <ErrorNotice error={approve.error} />
              <div className="form__actions">
                <button type="submit" className="btn btn--primary" disabled={approve.isPending}>
                  {approve.isPending ? 'Approving…' : 'Confirm approval'}
                </button>
              </div>
            </form>
          )}
          {mode === 'reject' && (
            <form className="form" onSubmit={onReject} noValidate>
              <fieldset className="field">
                <legend className="field__label">Reasons the developer will see</legend>
                {reasons.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and only appended or removed
                  <div key={i} className="reason-row">
                    <select
                      className="input select"
                      aria-label={`Guideline of reason ${i + 1}`}
                      value={r.code}
                      onChange={(e) => setReasons(reasons.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))}
                    >
                      {REASON_CODES.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                    <input
                      className="input"
                      aria-label={`Reason ${i + 1}`}
                      maxLength={2000}
                      value={r.message}
                      onChange={(e) => setReasons(reasons.map((x, j) => (j === i ? { ...x, message: e.target.value } : x)))}
                    />
                    {reasons.length > 1 && (
                      <button
                        type="button"
                        className="icon-btn"
                        aria-label={`Remove reason ${i + 1}`}
                        onClick={() => setReasons(reasons.filter((_, j) => j !== i))}
                      >
                        <Trash2 size={16} aria-hidden="true" />
                      </button>
                    )}
                  </div>
                ))}
                {reasons.length < 20 && (
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    onClick={() => setReasons([...reasons, { code: '', message: '' }])}
                  >
                    <Plus size={14} aria-hidden="true" /> Add a reason
                  </button>
                )}
                {error && <p className="field__error">{error}</p>}
              </fieldset>
              <TextArea label="Note (optional)" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
              <ErrorNotice error={reject.error} />
              <div className="form__actions">
                <button type="submit" className="btn btn--danger" disabled={reject.isPending}>
                  {reject.isPending ? 'Rejecting…' : 'Confirm rejection'}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
