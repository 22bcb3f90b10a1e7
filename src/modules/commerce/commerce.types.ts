/**
 * Commerce's public shapes (what the API returns for purchases, receipts, products, refunds and
 * payouts). Types only, no runtime imports, so the web app can share them.
 */
import type { Price } from '../catalog/catalog.types.js';
import type { ProductType, PurchaseType, RefundStatus } from './commerce.tables.js';

export type { ProductType, PurchaseType, RefundStatus };

/** POST /purchases → 201 `{purchase, receipt}`. */
export interface Purchase {
  id: string;
  transactionId: string;
  originalTransactionId: string;
  bundleId: string;
  /** null for the app itself. */
  productId: string | null;
  type: PurchaseType;
  amountMinor: number;
  currency: string;
  country: string;
  status: string;
  purchasedAt: string;
  /** Present when the request sent expectedPriceMinor: true when the server price differed (and was charged). */
  priceChanged?: boolean;
  /** Subscriptions: the end of the period bought. */
  expiresDate?: string;
}

/** GET /me/purchases → `{purchases: PurchaseHistoryEntry[], total}`. */
export interface PurchaseHistoryEntry extends Purchase {
  appName: string;
  iconUrl: string | null;
  receipt: string | null;
  /** The latest refund request; after a rejection (status `rejected`, with the store's note) the shopper may ask again. */
  refund: { id: string; status: RefundStatus; requestedAt: string; decidedAt: string | null; note: string | null } | null;
}

/** GET /me/library → `{apps: LibraryEntry[]}`. */
export interface LibraryEntry {
  app: {
    id: string;
    bundleId: string;
    name: string;
    developer: string;
    category: string;
    iconUrl: string | null;
    version: string;
    status: string;
  };
  source: string;
  acquiredAt: string;
  /** Non-consumable in-app products owned. */
  products: string[];
}

/** The signed payload of a receipt (docs/receipts.md). */
export interface ReceiptPayload {
  transactionId: string;
  originalTransactionId: string;
  bundleId: string;
  productId: string | null;
  type: PurchaseType;
  purchaseDate: string;
  amount: number;
  currency: string;
  storefront: string;
  environment: 'sandbox' | 'production';
  appAccountToken: string;
  /** Subscriptions: when the period this transaction paid for ends. */
  expiresDate?: string;
  /** Subscriptions: the introductory offer of this period (free_trial, intro_price). */
  offerType?: string | null;
}

/** POST /receipts/verify. */
export interface ReceiptVerification {
  valid: boolean;
  status: 'active' | 'refunded' | 'revoked' | 'expired' | null;
  transaction: ReceiptPayload | null;
  reason?: string;
}

export interface Product {
  productId: string;
  type: ProductType;
  name: string;
  description: string;
  status: 'active' | 'removed';
  prices: Price[];
  /** Price in the requested storefront (null: not sold there); present when a country was asked for. */
  price?: Price | null;
}

export interface Refund {
  id: string;
  purchaseId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  status: RefundStatus;
  autoApproved: boolean;
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
  completedAt: string | null;
}

export interface Payout {
  id: string;
  developerId: string;
  period: string;
  currency: string;
  amountMinor: number;
  createdAt: string;
}

export interface StatementLine {
  date: string;
  type: 'sale' | 'refund';
  reference: string;
  grossMinor: number;
  commissionMinor: number;
  netMinor: number;
}

/** GET /developers/me/payouts/{id}. */
export interface Statement {
  developerId: string;
  period: string;
  currency: string;
  openingBalanceMinor: number;
  lines: StatementLine[];
  totals: { grossMinor: number; commissionMinor: number; netMinor: number };
  payoutMinor: number;
}

/** GET /developers/me/revenue. */
export interface Revenue {
  from: string;
  to: string;
  totals: Array<{ currency: string; units: number; refunds: number; grossMinor: number; commissionMinor: number; netMinor: number }>;
  daily: Array<{ day: string; currency: string; units: number; grossMinor: number; netMinor: number }>;
  balance: Array<{ currency: string; amountMinor: number }>;
}
