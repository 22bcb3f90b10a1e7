/** Review-bombing incidents: bursts held out of the rating until a moderator releases or rejects them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ShieldAlert } from 'lucide-react';
import { useId, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { type Incident, moderationApi } from '../../api/moderation';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SegmentedLinks } from '../../components/SegmentedLinks';
import { useToast } from '../../components/Toast';
import { formatDate, formatNumber } from '../../lib/format';
import { withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';

const incidentsKey = ['moderation', 'incidents'];

export function IncidentsPage() {
  usePageTitle('Incidents');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const status = params.get('status') === 'resolved' ? 'resolved' : 'open';
  const q = useQuery({ queryKey: [...incidentsKey, status], queryFn: () => moderationApi.incidents({ status, limit: 50, offset: 0 }) });
  return (
    <div className="stack">
      <div className="section__head">
        <div>
          <h1 className="page-title">Review-bombing incidents</h1>
          <p className="muted">Reviews in a burst are held out of the app’s rating until you decide.</p>
        </div>
        <SegmentedLinks
          label="Status"
          items={[
            { label: 'Open', to: withParams(pathname, params, { status: undefined }), current: status === 'open' },
            { label: 'Resolved', to: withParams(pathname, params, { status: 'resolved' }), current: status === 'resolved' },
          ]}
        />
      </div>
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data?.length === 0 && (
        <EmptyState icon={ShieldAlert} title={status === 'open' ? 'No open incidents' : 'No resolved incidents'}>
          Bursts of negative or positive reviews against an app’s baseline show up here.
        </EmptyState>
      )}
      <ul className="stack">
        {q.data?.map((i) => (
          <li key={i.id}>
            <IncidentCard incident={i} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function IncidentCard({ incident: i }: { incident: Incident }) {
  const qc = useQueryClient();
  const toast = useToast();
  const id = useId();
  const [note, setNote] = useState('');
  const resolve = useMutation({
    mutationFn: (resolution: 'release' | 'reject') => moderationApi.resolveIncident(i.id, resolution, note.trim()),
    onSuccess: (_r, resolution) => {
      toast(resolution === 'release' ? 'Held reviews released into the rating.' : 'Held reviews rejected.');
      void qc.invalidateQueries({ queryKey: incidentsKey });
    },
  });
  return (
    <article className="card panel incident" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>
        {i.direction === 'negative' ? 'Negative' : 'Positive'} burst on <code>{i.bundleId}</code>
      </h2>
      <p className="muted small">
        Detected {formatDate(i.detectedAt)} · {formatNumber(i.observed)} reviews in the window against a baseline of{' '}
        {i.baselinePerHour.toFixed(1)} per hour · {formatNumber(i.held)} held out of the rating now
      </p>
      {i.status === 'resolved' ? (
        <p className="small">
          Resolved {i.resolvedAt ? formatDate(i.resolvedAt) : ''}: {i.resolution === 'release' ? 'reviews released' : 'reviews rejected'}
          {i.note && ` — ${i.note}`}
        </p>
      ) : (
        <div className="mod-card__decide">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-note`}>
              Note
            </label>
            <input id={`${id}-note`} className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="row-actions">
            <button
              type="button"
              className="btn btn--ghost"
              disabled={!note.trim() || resolve.isPending}
              onClick={() => resolve.mutate('release')}
            >
              Release held reviews
            </button>
            <button
              type="button"
              className="btn btn--danger"
              disabled={!note.trim() || resolve.isPending}
              onClick={() => resolve.mutate('reject')}
            >
              Reject held reviews
            </button>
          </div>
        </div>
      )}
      <ErrorNotice error={resolve.error} />
    </article>
  );
}
