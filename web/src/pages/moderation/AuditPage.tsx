/** Every moderator action, newest first. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { moderationApi } from '../../api/moderation';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../lib/format';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';

const PAGE_SIZE = 50;

export function AuditPage() {
  usePageTitle('Audit log');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const page = pageFrom(params);
  const q = useQuery({
    queryKey: ['moderation', 'audit', page],
    queryFn: () => moderationApi.audit({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="stack">
      <h1 className="page-title">Audit log</h1>
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data?.length === 0 && <p className="muted">No moderator actions yet.</p>}
      {q.data && q.data.length > 0 && (
        <div className="table-wrap card">
          <table className="data-table">
            <caption className="sr-only">Moderator actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Reason</th>
                <th scope="col">Moderator</th>
              </tr>
            </thead>
            <tbody>
              {q.data.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.createdAt)}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.targetType} <code title={e.targetId}>{e.targetId.slice(0, 8)}</code>
                  </td>
                  <td>{e.reason || <span className="muted">—</span>}</td>
                  <td>
                    <code title={e.actorId}>{e.actorId.slice(0, 8)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label="Pages">
        {page > 1 && (
          <Link className="pagination__step" to={withParams(pathname, params, { page: page - 1 })}>
            Newer
          </Link>
        )}
        {q.data?.length === PAGE_SIZE && (
          <Link className="pagination__step" to={withParams(pathname, params, { page: page + 1 })}>
            Older
          </Link>
        )}
      </nav>
    </div>
  );
}
