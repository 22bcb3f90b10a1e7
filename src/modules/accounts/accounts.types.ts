/**
 * The accounts module's public shapes (users, developers, API keys as the API returns them).
 * Types only, no runtime imports, so the web app can share them.
 */
import type { UserRole } from './accounts.tables.js';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  country: string;
  createdAt: string;
  developerId: string | null;
}

export interface Developer {
  id: string;
  userId: string | null;
  name: string;
  slug: string;
  website: string | null;
  bio: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
