/**
 * What a shopper owns and has bought: the library (entitlements), purchase history with signed
 * receipts and refund state, refund requests, signed downloads, update checks and in-app products.
 */
import { api } from './client';
import type { Purchase } from './types';

export interface LibraryApp {
  app: {
    id?: string;
    bundleId: string;
    name?: string;
    developer?: string;
    category?: string;
    iconUrl?: string | null;
    version?: string;
    status?: string;
  };
  source: string;
  acquiredAt: string;
  products: string[];
}

export type RefundStatus = 'requested' | 'approved' | 'rejected' | 'completed';

export interface PurchaseEntry extends Purchase {
  originalTransactionId?: string;
  type: 'paid_app' | 'free_app' | 'consumable' | 'non_consumable';
  country: string;
  status: string;
  purchasedAt: string;
  appName: string;
  iconUrl: string | null;
  receipt: string | null;
  /** The latest request; after a rejection the shopper may ask again. */
  refund: { id: string; status: RefundStatus; requestedAt: string; decidedAt: string | null; note: string | null } | null;
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
}

/** A signed download of a build (the URL is short-lived and bound to this user). */
export interface DownloadOffer {
  bundleId: string;
  version: string;
  buildNumber: number;
  sizeBytes: number;
  sha256: string;
  downloadUrl: string;
  releaseNotes: string;
  permissionsAdded: string[];
  expiresAt: string;
}

export interface ReceiptCheck {
  valid: boolean;
  status: 'active' | 'refunded' | 'revoked' | 'expired' | null;
  reason?: string;
}

export interface InAppProduct {
  productId: string;
  type: 'consumable' | 'non_consumable';
  name: string;
  description: string;
  status: 'active' | 'removed';
  price?: { country: string; priceMinor: number; currency: string } | null;
}

export type Platform = 'phone' | 'tablet' | 'desktop' | 'tv';
/** The device a download is for; the web can't see the OS version, so it asks for builds for a current OS. */
export interface Device {
  platform: Platform;
  osVersion: string;
}

const appPath = (bundleId: string) => `/apps/${encodeURIComponent(bundleId)}`;

export const libraryApi = {
  library: () => api<{ apps: LibraryApp[] }>('/me/library').then((r) => r.apps),
  purchases: (q: { limit: number; offset: number }) => api<{ purchases: PurchaseEntry[]; total: number }>('/me/purchases', { query: q }),
  requestRefund: (purchaseId: string, reason: string) =>
    api<{ refund: Refund }>(`/me/purchases/${encodeURIComponent(purchaseId)}/refund`, { method: 'POST', body: { reason } }).then(
      (r) => r.refund,
    ),
  verifyReceipt: (receipt: string, bundleId?: string) =>
    api<ReceiptCheck>('/receipts/verify', { method: 'POST', body: { receipt, bundleId } }),
  download: (bundleId: string, device: Device) =>
    api<{ download: DownloadOffer }>(`${appPath(bundleId)}/download`, { query: { ...device } }).then((r) => r.download),
  /** Newer builds than the given ones that this account may get on the device (phased releases honoured). */
  checkUpdates: (device: Device, installed: Array<{ bundleId: string; buildNumber: number }>) =>
    api<{ updates: DownloadOffer[] }>('/updates/check', { method: 'POST', body: { ...device, installed } }).then((r) => r.updates),
  products: (bundleId: string, country: string) =>
    api<{ products: InAppProduct[] }>(`${appPath(bundleId)}/products`, { query: { country } }).then((r) => r.products),
  /** Buys an in-app product; the key makes a retry replay the first answer instead of charging twice. */
  buyProduct: (body: { bundleId: string; productId: string; country: string; paymentToken: string }, idempotencyKey: string) =>
    api<{ purchase: Purchase; receipt: string }>('/purchases', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
};
