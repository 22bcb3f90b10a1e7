import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ShieldCheck } from 'lucide-react';
import { Link, useSearchParams } from 'react-router-dom';
import { chartsApi } from '../../api/charts';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RequireSignIn } from '../../components/RequireSignIn';
import { SegmentedLinks } from '../../components/SegmentedLinks';
import { formatDate, formatNumber } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import '../../styles/charts.css';

const STATUSES = ['open', 'released', 'confirmed'] as const;

function Incidents() {
  const [params] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status')) ?? 'open';
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['chart-incidents', status], queryFn: () => chartsApi.incidents(status) });
  const resolve = useMutation({
    mutationFn: (v: { id: string; resolution: 'release' | 'confirm' }) => chartsApi.resolve(v.id, v.resolution),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['chart-incidents'] }),
  });
  return (
    <div className="container page">
      <p className="eyebrow">Moderation</p>
      <h1 className="page-title">Chart incidents</h1>
      <p className="muted">
        Download spikes far above an app's own baseline are held out of the charts until reviewed. Release counts the held downloads from
        the next hourly run; confirm keeps them out for good.
      </p>
      <SegmentedLinks
        label="Status"
        items={STATUSES.map((s) => ({ label: s[0]?.toUpperCase() + s.slice(1), to: `?status=${s}`, current: s === status }))}
      />
      <ErrorNotice error={q.error ?? resolve.error} onRetry={() => q.refetch()} />
      {q.data && q.data.incidents.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="Nothing here">
          No {status} incidents.
        </EmptyState>
      ) : (
        <table className="incident-table">
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Day</th>
              <th scope="col">Downloads</th>
              <th scope="col">Baseline</th>
              <th scope="col">Held</th>
              <th scope="col">z</th>
              <th scope="col">Opened</th>
              {status === 'open' && <th scope="col">Decision</th>}
            </tr>
          </thead>
          <tbody>
            {q.data?.incidents.map((i) => (
              <tr key={i.id}>
                <td>{i.bundleId ? <Link to={`/apps/${encodeURIComponent(i.bundleId)}`}>{i.appName ?? i.bundleId}</Link> : i.appId}</td>
                <td>{i.day}</td>
                <td className="num">{formatNumber(i.observed)}</td>
                <td className="num">{formatNumber(i.baseline)}</td>
                <td className="num">{formatNumber(i.held)}</td>
                <td className="num">{i.zScore.toFixed(1)}</td>
                <td>{formatDate(i.openedAt)}</td>
                {status === 'open' && (
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="btn btn--ghost btn--sm"
                        disabled={resolve.isPending}
                        onClick={() => resolve.mutate({ id: i.id, resolution: 'release' })}
                      >
                        Release
                      </button>
                      <button
                        type="button"
                        className="btn btn--primary btn--sm"
                        disabled={resolve.isPending}
                        onClick={() => resolve.mutate({ id: i.id, resolution: 'confirm' })}
                      >
                        Confirm manipulation
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The moderation console's list of held download spikes (moderators and admins). */
export function ChartIncidentsPage() {
  usePageTitle('Chart incidents');
  return (
    <RequireSignIn>
      {(me) =>
        me.user.role === 'moderator' || me.user.role === 'admin' ? (
          <Incidents />
        ) : (
          <div className="container page">
            <EmptyState title="Moderators only">This page is for the store's moderators.</EmptyState>
          </div>
        )
      }
    </RequireSignIn>
  );
}
