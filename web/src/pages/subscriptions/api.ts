/** Calls of the subscriptions and server-notification APIs (shoppers and developers). */
import { api } from '../../api/client';

export interface Subscription {
  id: string;
  originalTransactionId: string;
  bundleId: string;
  appName: string;
  groupId: string;
  productId: string;
  productName: string;
  period: string;
  status: 'active' | 'billing_grace_period' | 'billing_retry' | 'expired' | 'revoked';
  autoRenew: boolean;
  periodStart: string;
  expiresDate: string;
  renewalDate: string | null;
  renewalProductId: string;
  renewalPriceMinor: number;
  priceMinor: number;
  currency: string;
  country: string;
  priceIncrease: 'pending' | 'accepted' | null;
  billingIssue: boolean;
  gracePeriodEndsAt: string | null;
  offer: string | null;
  expirationReason: string | null;
}

export interface Plan {
  productId: string;
  groupId: string;
  name: string;
  period: string;
  level: number;
  introType: string | null;
  introPeriods: number;
  status: string;
  prices: Array<{ country: string; priceMinor: number; currency: string; introPriceMinor: number | null }>;
}

export interface Group {
  id: string;
  name: string;
  products: Plan[];
}

export interface Metrics {
  daily: Array<{
    day: string;
    currency: string;
    newSubscriptions: number;
    churned: number;
    renewals: number;
    revenueMinor: number;
    mrrMinor: number | null;
  }>;
  statusCounts: Record<string, number>;
  active: number;
  mrr: Array<{ currency: string; amountMinor: number }>;
}

export interface ServerNotification {
  notificationUUID: string;
  notificationType: string;
  subtype: string | null;
  status: 'pending' | 'delivered' | 'dead' | 'no_endpoint';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  deliveries: Array<{ at: string; url: string; statusCode: number | null; error: string | null; durationMs: number }>;
}

const dev = (bundleId: string) => `/developers/me/apps/${encodeURIComponent(bundleId)}`;
const appPath = (bundleId: string) => `/apps/${encodeURIComponent(bundleId)}`;

export const subscriptionsApi = {
  mine: () => api<{ subscriptions: Subscription[] }>('/me/subscriptions'),
  one: (id: string) => api<{ subscription: Subscription; plans: Plan[] }>(`/me/subscriptions/${id}`),
  cancel: (id: string) => api<{ subscription: Subscription }>(`/me/subscriptions/${id}/cancel`, { method: 'POST' }),
  resume: (id: string) => api<{ subscription: Subscription }>(`/me/subscriptions/${id}/resume`, { method: 'POST' }),
  consent: (id: string) => api<{ subscription: Subscription }>(`/me/subscriptions/${id}/price-consent`, { method: 'POST' }),
  changePlan: (id: string, productId: string) =>
    api<{ subscription: Subscription; effective: 'now' | 'next_renewal'; chargedMinor: number }>(`/me/subscriptions/${id}/change-plan`, {
      method: 'POST',
      body: { productId },
    }),
  paymentMethod: (id: string, paymentToken: string) =>
    api<{ subscription: Subscription }>(`/me/subscriptions/${id}/payment-method`, { method: 'PUT', body: { paymentToken } }),
  resubscribe: (bundleId: string, productId: string) =>
    api('/purchases', {
      method: 'POST',
      headers: { 'idempotency-key': `resub-${crypto.randomUUID()}` },
      body: { bundleId, productId, paymentToken: 'tok_ok' },
    }),

  groups: (bundleId: string) => api<{ groups: Group[]; gracePeriodDays: number }>(`${dev(bundleId)}/subscription-groups`),
  createGroup: (bundleId: string, name: string) =>
    api<{ group: Group }>(`${appPath(bundleId)}/subscription-groups`, { method: 'POST', body: { name } }),
  createProduct: (bundleId: string, body: Record<string, unknown>) =>
    api<{ product: Plan }>(`${appPath(bundleId)}/subscriptions/products`, { method: 'POST', body }),
  setPrices: (bundleId: string, productId: string, prices: Array<{ country: string; priceMinor: number }>) =>
    api<{ product: Plan; subscribersNotified: number }>(
      `${appPath(bundleId)}/subscriptions/products/${encodeURIComponent(productId)}/prices`,
      {
        method: 'PUT',
        body: { prices },
      },
    ),
  setGrace: (bundleId: string, gracePeriodDays: number) =>
    api<{ gracePeriodDays: number }>(`${appPath(bundleId)}/subscriptions/settings`, { method: 'PUT', body: { gracePeriodDays } }),
  subscribers: (bundleId: string, offset = 0) =>
    api<{ subscriptions: Subscription[] }>(`${dev(bundleId)}/subscribers`, { query: { limit: 50, offset } }),
  metrics: (bundleId: string, days = 30) => api<Metrics>(`${dev(bundleId)}/subscriptions/metrics`, { query: { days } }),

  webhook: (bundleId: string) => api<{ url: string | null }>(`${dev(bundleId)}/notifications/settings`),
  setWebhook: (bundleId: string, url: string) =>
    api<{ url: string }>(`${dev(bundleId)}/notifications/settings`, { method: 'PUT', body: { url } }),
  sendTest: (bundleId: string) => api<{ notification: ServerNotification }>(`${dev(bundleId)}/notifications/test`, { method: 'POST' }),
  notifications: (bundleId: string) =>
    api<{ notifications: ServerNotification[] }>(`${dev(bundleId)}/notifications`, { query: { limit: 50 } }),
  replay: (bundleId: string, id: string) =>
    api<{ notification: ServerNotification }>(`${dev(bundleId)}/notifications/${id}/replay`, { method: 'POST' }),
};
