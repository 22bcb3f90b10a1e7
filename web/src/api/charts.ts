/** Top charts, recommendations, app analytics and chart incidents (see docs/api.md). */
import { api, isApiError } from './client';
import type { AppSummary } from './types';

export type ChartType = 'free' | 'paid' | 'grossing';
export type Movement = 'new' | 'up' | 'down' | 'same';

export interface ChartEntry {
  rank: number;
  previousRank: number | null;
  movement: Movement;
  score: number;
  app: AppSummary;
}
export interface ChartPage {
  type: ChartType;
  country: string;
  category: string;
  computedAt: string | null;
  total: number;
  entries: ChartEntry[];
}
export interface RecSection {
  type: 'because_you_downloaded' | 'you_might_like' | 'popular_in_category' | 'popular';
  reason: string;
  apps: AppSummary[];
}
export interface EngagementDay {
  day: string;
  dau: number;
  mau: number;
  sessions: number;
  avgSessionMinutes: number;
  cohort: number;
  day1Retention: number | null;
  day7Retention: number | null;
}
export interface RevenueResponse {
  revenue: Array<{ day: string; country: string; currency: string; amountMinor: number; purchases: number; refunds: number }>;
  downloads: Array<{ day: string; country: string; count: number }>;
}
export interface Positions {
  computedAt: string | null;
  current: Array<{ type: string; country: string; category: string; rank: number; previousRank: number | null; movement: Movement }>;
  history: Array<{ type: string; country: string; category: string; day: string; bestRank: number; lastRank: number }>;
}
export interface ChartIncident {
  id: string;
  appId: string;
  bundleId: string | null;
  appName: string | null;
  day: string;
  observed: number;
  baseline: number;
  threshold: number;
  held: number;
  zScore: number;
  status: 'open' | 'released' | 'confirmed';
  openedAt: string;
  resolvedAt: string | null;
  note: string | null;
}

/** A feature whose endpoint is not deployed yet reads as empty, never as a crash. */
const orEmpty = <T>(p: Promise<T>, empty: T) =>
  p.catch((err) => {
    if (isApiError(err) && err.isMissingEndpoint) return empty;
    throw err;
  });

const app = (bundleId: string) => `/apps/${encodeURIComponent(bundleId)}`;

export const chartsApi = {
  chart: (q: { type: ChartType; country: string; category?: string; limit?: number; offset?: number }) =>
    api<ChartPage>('/charts', { query: { ...q, category: q.category === 'all' ? undefined : q.category } }),
  recommendations: () => orEmpty(api<RecSection[]>('/me/recommendations'), []),
  similar: (bundleId: string) => orEmpty(api<{ apps: AppSummary[] }>(`${app(bundleId)}/similar`), { apps: [] }),
  engagement: (bundleId: string, from?: string, to?: string) =>
    api<{ days: EngagementDay[] }>(`${app(bundleId)}/analytics/engagement`, { query: { from, to } }),
  revenue: (bundleId: string, from?: string, to?: string) =>
    api<RevenueResponse>(`${app(bundleId)}/analytics/revenue`, { query: { from, to } }),
  positions: (bundleId: string) => api<Positions>(`${app(bundleId)}/analytics/chart-positions`),
  incidents: (status?: string, offset = 0) =>
    api<{ total: number; incidents: ChartIncident[] }>('/moderation/chart-incidents', { query: { status, limit: 20, offset } }),
  resolve: (id: string, resolution: 'release' | 'confirm', note?: string) =>
    api<{ incident: ChartIncident }>(`/moderation/chart-incidents/${encodeURIComponent(id)}/resolve`, {
      method: 'POST',
      body: { resolution, ...(note ? { note } : {}) },
    }),
};
