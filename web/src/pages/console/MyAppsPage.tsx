import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PackagePlus, Plus } from 'lucide-react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { consoleApi } from '../../api/console';
import { AppIcon } from '../../components/AppIcon';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pagination } from '../../components/Pagination';
import { Price } from '../../components/Price';
import { Skeleton } from '../../components/Skeleton';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/format';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';
import { myAppsKey } from './console-cache';

const PAGE_SIZE = 20;

export function MyAppsPage() {
  usePageTitle('My apps');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const page = pageFrom(params);
  const q = useQuery({
    queryKey: [...myAppsKey, page],
    queryFn: () => consoleApi.myApps({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pageCount = q.data ? Math.ceil(q.data.total / PAGE_SIZE) : 0;
  return (
    <section aria-labelledby="my-apps-title">
      <div className="section__head">
        <div>
          <h1 id="my-apps-title" className="page-title">
            My apps
          </h1>
          {q.data && <p className="muted">{q.data.total === 1 ? '1 app' : `${q.data.total} apps`}, drafts included</p>}
        </div>
        <Link to="/console/apps/new" className="btn btn--primary">
          <Plus size={18} aria-hidden="true" /> New app
        </Link>
      </div>
      {q.isPending ? (
        <div className="stack">
          <Skeleton height={72} radius={16} />
          <Skeleton height={72} radius={16} />
        </div>
      ) : q.data && q.data.apps.length > 0 ? (
        <ul className="console-list">
          {q.data.apps.map((a) => (
            <li key={a.bundleId}>
              <Link className="console-row card" to={`/console/apps/${encodeURIComponent(a.bundleId)}`}>
                <AppIcon name={a.name} bundleId={a.bundleId} iconUrl={a.iconUrl} size={48} />
                <span className="console-row__main">
                  <span className="console-row__name">{a.name}</span>
                  <code className="console-row__bundle">{a.bundleId}</code>
                </span>
                <span className="console-row__meta muted small">
                  {a.category} · updated {formatDate(a.updatedAt)}
                </span>
                <Price minor={a.priceMinor} currency={a.currency} className="console-row__price" />
                <StatusBadge status={a.status} />
              </Link>
            </li>
          ))}
        </ul>
      ) : q.data ? (
        <EmptyState
          icon={PackagePlus}
          title="No apps yet"
          action={
            <Link to="/console/apps/new" className="btn btn--primary">
              Create your first app
            </Link>
          }
        >
          Start with a draft: nobody sees it until you publish.
        </EmptyState>
      ) : null}
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
    </section>
  );
}
