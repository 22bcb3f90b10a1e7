/**
 * The bytes a purchase request answers with. They are rendered once and stored with the
 * idempotency key, so a replay is byte-identical — errors (problem+json, with the first request's
 * requestId) included.
 */
import crypto from 'node:crypto';
import { problemFor } from '../../../http/problem.js';
import type { Purchase } from '../commerce.types.js';
import type { PurchaseRow } from './purchases.repository.js';

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
  replayed?: boolean;
}

export interface RequestMeta {
  requestId: string;
  instance: string;
}

export interface PurchaseBody {
  bundleId: string;
  productId?: string;
  country?: string;
  paymentToken: string;
  expectedPriceMinor?: number;
}

/** Same request ⇔ same fingerprint: the body members, in a fixed order. */
export function fingerprintOf(body: PurchaseBody): string {
  const canonical = JSON.stringify([
    body.bundleId,
    body.productId ?? null,
    body.country ?? null,
    body.paymentToken,
    body.expectedPriceMinor ?? null,
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export function presentPurchase(p: PurchaseRow, extra: { priceChanged?: boolean } = {}): Purchase {
  return {
    id: p.id,
    transactionId: p.transaction_id,
    originalTransactionId: p.original_transaction_id,
    bundleId: p.bundle_id,
    productId: p.product_key === '' ? null : p.product_key,
    type: p.type,
    amountMinor: Number(p.amount_minor),
    currency: p.currency,
    country: p.country,
    status: p.status,
    purchasedAt: p.created_at,
    ...(extra.priceChanged !== undefined ? { priceChanged: extra.priceChanged } : {}),
  };
}

/** The members every purchase.* event carries. */
export function purchaseEventBase(p: PurchaseRow) {
  return {
    purchaseId: p.id,
    transactionId: p.transaction_id,
    userId: p.user_id,
    appId: p.app_id,
    bundleId: p.bundle_id,
    productId: p.product_key || null,
    developerId: p.developer_id,
    amountMinor: Number(p.amount_minor),
    currency: p.currency,
  };
}

/** The ledger posting of a completed purchase (70/30 split by its commission rate). */
export function ledgerPostingOf(p: PurchaseRow, at: string) {
  return {
    id: p.id,
    developerId: p.developer_id,
    amountMinor: Number(p.amount_minor),
    currency: p.currency,
    commissionBps: p.commission_bps,
    at,
  };
}

/** The purchase.completed event of a completed purchase. */
export function completedEventOf(p: PurchaseRow) {
  return {
    type: 'purchase.completed' as const,
    aggregateId: p.user_id,
    payload: { ...purchaseEventBase(p), type: p.type, country: p.country },
  };
}

export function renderSuccess(p: PurchaseRow, receipt: string, priceChanged: boolean, expiresDate?: string): StoredResponse {
  const purchase = presentPurchase({ ...p, status: 'completed' }, { priceChanged });
  return {
    status: 201,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ purchase: expiresDate ? { ...purchase, expiresDate } : purchase, receipt }),
  };
}

export function renderProblem(err: unknown, meta: RequestMeta): StoredResponse {
  const { problem } = problemFor(err);
  return {
    status: problem.status,
    contentType: 'application/problem+json; charset=utf-8',
    body: JSON.stringify({ ...problem, instance: meta.instance, requestId: meta.requestId }),
  };
}
