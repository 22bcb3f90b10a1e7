/**
 * In-app products, price tiers, revenue and payouts for the developer console. Shapes mirror
 * src/modules/commerce/{products,payouts}/*.schemas.ts. Money is integer minor units + currency.
 */
import { api } from './client';

export interface CountryPrice {
  country: string;
  priceMinor: number;
  currency: string;
}

export type ProductType = 'consumable' | 'non_consumable';

export interface Product {
  productId: string;
  type: ProductType;
  name: string;
  description: string;
  status: 'active' | 'removed';
  prices: CountryPrice[];
}

export interface PriceTier {
  tier: number;
  usdMinor: number;
  prices: CountryPrice[];
}

export interface Revenue {
  from: string;
  to: string;
  totals: Array<{
    currency: string;
    units: number;
    refunds: number;
    grossMinor: number;
    commissionMinor: number;
    netMinor: number;
  }>;
  daily: Array<{ day: string; currency: string; units: number; grossMinor: number; netMinor: number }>;
  balance: Array<{ currency: string; amountMinor: number }>;
}

export interface Payout {
  id: string;
  developerId: string;
  period: string;
  currency: string;
  amountMinor: number;
  createdAt: string;
}

export interface Statement {
  developerId: string;
  period: string;
  currency: string;
  openingBalanceMinor: number;
  lines: Array<{ date: string; type: string; reference: string; grossMinor: number; commissionMinor: number; netMinor: number }>;
  totals: { grossMinor: number; commissionMinor: number; netMinor: number };
  payoutMinor: number;
}

/** Either a tier (equivalent prices everywhere) or explicit per-country amounts. */
export type Pricing = { tier: number } | { prices: Array<{ country: string; priceMinor: number }> };

const app = (bundleId: string, rest = '') => `/apps/${encodeURIComponent(bundleId)}${rest}`;

export const commerceApi = {
  priceTiers: () => api<{ tiers: PriceTier[] }>('/price-tiers').then((r) => r.tiers),
  products: (bundleId: string) =>
    api<{ products: Product[] }>(`/developers/me/apps/${encodeURIComponent(bundleId)}/products`).then((r) => r.products),
  createProduct: (bundleId: string, body: { productId: string; type: ProductType; name: string; description?: string } & Pricing) =>
    api<{ product: Product }>(app(bundleId, '/products'), { method: 'POST', body }).then((r) => r.product),
  updateProduct: (bundleId: string, productId: string, body: { name?: string; description?: string; status?: 'active' | 'removed' }) =>
    api<{ product: Product }>(app(bundleId, `/products/${encodeURIComponent(productId)}`), { method: 'PATCH', body }).then(
      (r) => r.product,
    ),
  setProductPrices: (bundleId: string, productId: string, body: Pricing) =>
    api<{ product: Product }>(app(bundleId, `/products/${encodeURIComponent(productId)}/prices`), { method: 'PUT', body }).then(
      (r) => r.product,
    ),
  revenue: (q: { from?: string; to?: string }) => api<Revenue>('/developers/me/revenue', { query: q }),
  commission: () => api<{ program: string; commissionBps: number }>('/developers/me/commission'),
  payouts: () => api<{ payouts: Payout[] }>('/developers/me/payouts').then((r) => r.payouts),
  statement: (payoutId: string) => api<Statement>(`/developers/me/payouts/${encodeURIComponent(payoutId)}`),
  statementCsvUrl: (payoutId: string) => `/api/v1/developers/me/payouts/${encodeURIComponent(payoutId)}/statement.csv`,
};
