/** The signed-in user's in-app notifications (e.g. a developer answered their review). */
import { api } from './client';

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}

export const notificationsApi = {
  list: (q: { unread?: boolean; limit?: number; offset?: number } = {}) =>
    api<{ notifications: AppNotification[]; unread: number }>('/me/notifications', { query: q }),
  markRead: (id: string) => api<void>(`/me/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
  markAllRead: () => api<{ updated: number }>('/me/notifications/read-all', { method: 'POST' }),
};
