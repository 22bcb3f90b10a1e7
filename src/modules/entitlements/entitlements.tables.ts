export type EntitlementSource = 'free' | 'purchase' | 'subscription' | 'grant';

export interface EntitlementsTable {
  id: string;
  user_id: string;
  app_id: string;
  /** '' for the app itself, else the in-app product / subscription group id. */
  product_key: string;
  source: EntitlementSource;
  source_id: string | null;
  granted_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
}

export interface EntitlementsTables {
  entitlements: EntitlementsTable;
}
