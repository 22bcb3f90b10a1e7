/** The signed-in user's notifications (e.g. a developer answered their review), newest first. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { BellOff, MessageSquareReply } from 'lucide-react';
import { Link } from 'react-router-dom';
import { type AppNotification, notificationsApi } from '../../api/notifications';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { notificationsKey } from '../../components/NotificationsBell';
import { RequireSignIn } from '../../components/RequireSignIn';
import { Skeleton } from '../../components/Skeleton';
import { formatDate } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';

/** The API's largest page. */
const PAGE = 50;

/** Where a notification leads: the app's reviews for a developer response. */
function linkOf(n: AppNotification): string | null {
  if (n.data.bundleId) return `/apps/${encodeURIComponent(n.data.bundleId)}#reviews`;
  return null;
}

function NotificationList({ userId }: { userId: string }) {
  const qc = useQueryClient();
  const q = useInfiniteQuery({
    queryKey: [...notificationsKey, userId, 'all'],
    queryFn: ({ pageParam }) => notificationsApi.list({ limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => (last.notifications.length === PAGE ? all.length * PAGE : undefined),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: notificationsKey });
  const readOne = useMutation({ mutationFn: notificationsApi.markRead, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: notificationsApi.markAllRead, onSuccess: refresh });
  const list = q.data?.pages.flatMap((p) => p.notifications) ?? [];
  const unread = q.data?.pages[0]?.unread ?? 0;

  if (q.isPending)
    return (
      <div className="stack" aria-busy="true">
        <Skeleton height={72} radius={16} />
        <Skeleton height={72} radius={16} />
      </div>
    );
  return (
    <>
      <div className="row-actions notifications__bar">
        <p className="muted" aria-live="polite">
          {unread > 0 ? `${unread} unread` : 'You’re all caught up.'}
        </p>
        {unread > 0 && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => readAll.mutate()} disabled={readAll.isPending}>
            Mark all as read
          </button>
        )}
      </div>
      {list.length === 0 && !q.error ? (
        <EmptyState icon={BellOff} title="No notifications yet">
          When a developer answers one of your reviews, you’ll hear about it here.
        </EmptyState>
      ) : (
        <ul className="notification-list">
          {list.map((n) => {
            const to = linkOf(n);
            const markRead = () => n.readAt || readOne.mutate(n.id);
            return (
              <li key={n.id} className={`notification card${n.readAt ? '' : ' notification--unread'}`}>
                <MessageSquareReply size={20} aria-hidden="true" className="notification__icon" />
                <div className="notification__text">
                  <p className="notification__title">
                    {!n.readAt && <span className="sr-only">Unread: </span>}
                    {to ? (
                      <Link to={to} onClick={markRead}>
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </p>
                  {n.body && <p className="small notification__body">{n.body}</p>}
                  <p className="muted small">{formatDate(n.createdAt)}</p>
                </div>
                {!n.readAt && (
                  <button type="button" className="btn btn--ghost btn--sm" onClick={markRead}>
                    Mark as read
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {q.hasNextPage && (
        <div className="row-actions notifications__more">
          <button type="button" className="btn btn--ghost" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? 'Loading…' : 'Show older notifications'}
          </button>
        </div>
      )}
      <ErrorNotice error={q.error ?? readAll.error ?? readOne.error} onRetry={() => q.refetch()} />
    </>
  );
}

export function NotificationsPage() {
  usePageTitle('Notifications');
  return (
    <RequireSignIn>
      {(me) => (
        <div className="container page narrow">
          <h1 className="page-title">Notifications</h1>
          <NotificationList userId={me.user.id} />
        </div>
      )}
    </RequireSignIn>
  );
}
