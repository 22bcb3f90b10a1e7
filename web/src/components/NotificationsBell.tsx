/** Header link to the notifications page with the unread count (checked every minute and on focus). */
import { useQuery } from '@tanstack/react-query';
import { Bell } from 'lucide-react';
import { NavLink } from 'react-router-dom';
import { isApiError } from '../api/client';
import { notificationsApi } from '../api/notifications';

export const notificationsKey = ['notifications'] as const;

export function NotificationsBell({ userId }: { userId: string }) {
  const q = useQuery({
    queryKey: [...notificationsKey, userId, 'unread'],
    queryFn: () => notificationsApi.list({ unread: true, limit: 1 }),
    refetchInterval: 60_000,
    retry: false,
  });
  if (isApiError(q.error) && q.error.isMissingEndpoint) return null;
  const unread = q.data?.unread ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <Bell size={20} aria-hidden="true" />
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
