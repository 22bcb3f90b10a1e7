/** Events published by the subscriptions module (docs/events.md). */

/** Server-notification types (docs/subscriptions.md); the notifications module sends them on. */
export type NotificationType =
  | 'SUBSCRIBED'
  | 'DID_RENEW'
  | 'DID_FAIL_TO_RENEW'
  | 'GRACE_PERIOD_EXPIRED'
  | 'EXPIRED'
  | 'DID_CHANGE_RENEWAL_PREF'
  | 'DID_CHANGE_RENEWAL_STATUS'
  | 'PRICE_INCREASE'
  | 'REFUND'
  | 'REVOKE'
  | 'ONE_TIME_CHARGE'
  | 'TEST';

export interface SubscriptionChanged {
  subscriptionId: string;
  userId: string;
  appId: string;
  originalTransactionId: string;
  /** The transaction this change is about (the renewal, the upgrade, the refunded one), if any. */
  transactionId: string | null;
  productId: string;
  status: string;
  expiresDate: string;
  autoRenew: boolean;
  notificationType: NotificationType;
  subtype: string | null;
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'subscription.changed': SubscriptionChanged;
  }
}
