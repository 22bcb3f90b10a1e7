/** App versions waiting for or in review, oldest first, with their automated check results at a glance. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PackageCheck, TriangleAlert } from 'lucide-react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { submissionsApi } from '../../api/releases';
import { AppIcon } from '../../components/AppIcon';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pagination } from '../../components/Pagination';
import { SegmentedLinks } from '../../components/SegmentedLinks';
import { formatDate } from '../../lib/format';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';
import { StateBadge } from '../console/releases/labels';

const PAGE_SIZE = 20;
export const submissionsKey = ['moderation', 'submissions'];

export function SubmissionsPage() {
  usePageTitle('App submissions');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const page = pageFrom(params);
  const stateParam = params.get('state');
  const state = stateParam === 'WAITING_FOR_REVIEW' || stateParam === 'IN_REVIEW' ? stateParam : undefined;
  const q = useQuery({
    queryKey: [...submissionsKey, state, page],
    queryFn: () => submissionsApi.queue({ state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pageCount = q.data ? Math.ceil(q.data.total / PAGE_SIZE) : 0;
  return (
    <div className="stack">
      <div className="section__head">
        <div>
          <h1 className="page-title">App submissions</h1>
          {q.data && <p className="muted">{q.data.total === 1 ? '1 version' : `${q.data.total} versions`}, oldest first</p>}
        </div>
        <SegmentedLinks
          label="State"
          items={[
            { label: 'All', to: withParams(pathname, params, { state: undefined }), current: !state },
            {
              label: 'Waiting',
              to: withParams(pathname, params, { state: 'WAITING_FOR_REVIEW' }),
              current: state === 'WAITING_FOR_REVIEW',
            },
            { label: 'In review', to: withParams(pathname, params, { state: 'IN_REVIEW' }), current: state === 'IN_REVIEW' },
          ]}
        />
      </div>
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data?.submissions.length === 0 && (
        <EmptyState icon={PackageCheck} title="No submissions to review">
          Versions developers submit for review appear here.
        </EmptyState>
      )}
      <ul className="console-list">
        {q.data?.submissions.map((s) => (
          <li key={s.id}>
            <Link className="console-row submission-row card" to={`/moderation/submissions/${encodeURIComponent(s.id)}`}>
              <AppIcon name={s.app.name} bundleId={s.bundleId} iconUrl={s.app.iconUrl} size={48} />
              <span className="console-row__main">
                <span className="console-row__name">
                  {s.app.name} {s.version}
                </span>
                <span className="muted small">
                  {s.app.developer} · build {s.build?.buildNumber ?? '—'} · submitted {s.submittedAt ? formatDate(s.submittedAt) : '—'}
                </span>
              </span>
              {s.checks && s.checks.permissionsAdded.length > 0 ? (
                <span className="badge badge--draft">
                  <TriangleAlert size={12} aria-hidden="true" /> New permissions: {s.checks.permissionsAdded.join(', ')}
                </span>
              ) : (
                <span className="muted small">No new permissions</span>
              )}
              <StateBadge state={s.state} />
            </Link>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
    </div>
  );
}
