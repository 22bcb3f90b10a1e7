/** Events published by the entitlements module (see docs/events.md). */
export interface EntitlementChanged {
  entitlementId: string;
  userId: string;
  appId: string;
  /** null for the app itself. */
  productId: string | null;
  source: string;
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'entitlement.granted': EntitlementChanged;
    'entitlement.revoked': EntitlementChanged & { reason: string };
  }
}
