export type UserRole = 'customer' | 'developer' | 'moderator' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  role: UserRole;
  country: string;
  created_at: string;
  updated_at: string;
}
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  kind: 'web' | 'device';
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}
export interface DevelopersTable {
  id: string;
  user_id: string | null;
  name: string;
  slug: string;
  website: string | null;
  bio: string | null;
  created_at: string;
  updated_at: string;
}
export interface ApiKeysTable {
  id: string;
  developer_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  /** JSON array of scope strings. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  developers: DevelopersTable;
  api_keys: ApiKeysTable;
}
