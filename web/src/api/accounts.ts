/** Sign-in, profile, developer registration and API keys. The session itself is an HttpOnly cookie. */
import { ApiError, api } from './client';
import type { ApiKey, Developer, Me, User } from './types';

export const accountsApi = {
  /** The signed-in user, or null when signed out. */
  me: async (): Promise<Me | null> => {
    try {
      return await api<Me>('/me');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  signUp: (body: { email: string; password: string; displayName: string; country?: string }) =>
    api<{ user: User }>('/auth/signup', { method: 'POST', body }),
  signIn: (body: { email: string; password: string }) => api<{ user: User }>('/auth/login', { method: 'POST', body }),
  signOut: () => api<void>('/auth/logout', { method: 'POST' }),
  updateMe: (body: { displayName?: string; country?: string }) => api<{ user: User }>('/me', { method: 'PATCH', body }),
  becomeDeveloper: (body: { name: string; website?: string | null; bio?: string | null }) =>
    api<{ developer: Developer }>('/developers', { method: 'POST', body }),
  apiKeys: () => api<{ apiKeys: ApiKey[] }>('/developers/me/api-keys').then((r) => r.apiKeys),
  createApiKey: (body: { name: string; scopes: string[] }) =>
    api<{ apiKey: ApiKey; secret: string }>('/developers/me/api-keys', { method: 'POST', body }),
  revokeApiKey: (id: string) => api<void>(`/developers/me/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
