/** What a developer API key may be allowed to do. Plain data: the web console imports it too. */
export const API_KEY_SCOPES = [
  'apps:read',
  'apps:write',
  'analytics:read',
  'sales:read',
  'subscriptions:read',
  'notifications:write',
  'reviews:write',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
