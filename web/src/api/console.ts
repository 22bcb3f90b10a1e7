/** Developer console: the signed-in developer's own apps, drafts included. */
import { api } from './client';
import type { AppDetail, AppList } from './types';

export interface AppFields {
  name: string;
  subtitle: string;
  category: string;
  description: string;
  keywords: string[];
  ageRating: string;
  priceMinor: number;
  currency: string;
  /** null = every storefront. */
  availability: string[] | null;
}

const app = (bundleId: string, rest = '') => `/apps/${encodeURIComponent(bundleId)}${rest}`;

export const consoleApi = {
  myApps: (q: { limit: number; offset: number }) => api<AppList>('/developers/me/apps', { query: q }),
  /** Owners see their drafts through the public detail endpoint. */
  app: (bundleId: string) => api<AppDetail>(app(bundleId)),
  create: (body: AppFields & { bundleId: string }) => api<AppDetail>('/apps', { method: 'POST', body }),
  update: (bundleId: string, body: Partial<AppFields>) => api<AppDetail>(app(bundleId), { method: 'PATCH', body }),
  publish: (bundleId: string) => api<AppDetail>(app(bundleId, '/publish'), { method: 'POST' }),
  remove: (bundleId: string) => api<void>(app(bundleId), { method: 'DELETE' }),
  setIcon: (bundleId: string, file: Blob) => api<AppDetail>(app(bundleId, '/icon'), { method: 'PUT', body: file }),
  addScreenshot: (bundleId: string, file: Blob) => api<AppDetail>(app(bundleId, '/screenshots'), { method: 'POST', body: file }),
  removeScreenshot: (bundleId: string, position: number) => api<AppDetail>(app(bundleId, `/screenshots/${position}`), { method: 'DELETE' }),
  setPrices: (bundleId: string, prices: Array<{ country: string; priceMinor: number }>) =>
    api<AppDetail>(app(bundleId, '/prices'), { method: 'PUT', body: { prices } }),
};
