/** Tables of the notifications module (migration 2026-11-25T2001). */

export type NotificationStatus = 'pending' | 'delivered' | 'dead' | 'no_endpoint';

export interface NotificationEndpointsTable {
  app_id: string;
  url: string;
  updated_at: string;
}
export interface NotificationsTable {
  /** The notificationUUID sent in the payload. */
  id: string;
  app_id: string;
  type: string;
  subtype: string | null;
  /** The compact JWS sent as `{signedPayload}`. */
  signed_payload: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: string | null;
  locked_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}
export interface NotificationAttemptsTable {
  id: string;
  notification_id: string;
  url: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

export interface NotificationsTables {
  server_notification_endpoints: NotificationEndpointsTable;
  server_notifications: NotificationsTable;
  server_notification_attempts: NotificationAttemptsTable;
}
