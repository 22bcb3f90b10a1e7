/** Events published by the commerce module (see docs/events.md). Payloads carry ids and amounts. */
import type { PurchaseType } from './commerce.tables.js';

export interface PurchaseCompleted {
  purchaseId: string;
  transactionId: string;
  userId: string;
  appId: string;
  bundleId: string;
  /** null for the app itself. */
  productId: string | null;
  developerId: string;
  type: PurchaseType;
  amountMinor: number;
  currency: string;
  country: string;
}

export interface PurchaseRefunded extends Omit<PurchaseCompleted, 'type' | 'country'> {
  refundId: string;
  reason: string;
}

export interface PayoutCreated {
  payoutId: string;
  developerId: string;
  period: string;
  amountMinor: number;
  currency: string;
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'purchase.completed': PurchaseCompleted;
    'purchase.refunded': PurchaseRefunded;
    'payout.created': PayoutCreated;
  }
}
