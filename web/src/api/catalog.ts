/** Public catalog: categories, app lists, app detail, developer pages. */
import { api } from './client';
import type { AppDetail, AppList, CategoryCount, Developer } from './types';

export type SortOrder = 'popular' | 'new';

export const catalogApi = {
  categories: () => api<{ categories: CategoryCount[] }>('/categories').then((r) => r.categories),

  apps: (q: { sort: SortOrder; limit: number; offset?: number; country?: string; category?: string }) =>
    api<AppList>('/apps', { query: q }),

  categoryApps: (slug: string, q: { sort: SortOrder; limit: number; offset: number; country?: string }) =>
    api<AppList & { category: { name: string; slug: string } }>(`/categories/${encodeURIComponent(slug)}/apps`, { query: q }),

  app: (bundleId: string, country?: string) => api<AppDetail>(`/apps/${encodeURIComponent(bundleId)}`, { query: { country } }),

  developer: (slug: string) => api<{ developer: Developer }>(`/developers/${encodeURIComponent(slug)}`).then((r) => r.developer),

  developerApps: (slug: string, q: { limit: number; offset: number }) =>
    api<AppList>(`/developers/${encodeURIComponent(slug)}/apps`, { query: q }),
};
