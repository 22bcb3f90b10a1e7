/**
 * The price-tier table: a developer picks a tier and gets an equivalent, locally "pretty" price in
 * every storefront. Tier n is a USD price (1–50: n−0.01 USD; 51–60: 54.99…99.99); other currencies
 * convert it with a fixed reference rate and round up to a local price point (x.99, 89, ¥160,
 * ₩1,400 …). Tier 0 is free. The table is code, versioned with the store, not data.
 */
import { type Storefront, storefronts } from '../../../platform/storefronts.js';

/** Units of each currency per US dollar (reference rates for price points, not for settlement). */
const USD_RATES: Record<string, number> = {
  USD: 1,
  GBP: 0.79,
  CAD: 1.37,
  AUD: 1.52,
  NZD: 1.66,
  EUR: 0.92,
  SEK: 10.5,
  NOK: 10.7,
  DKK: 6.9,
  CHF: 0.88,
  PLN: 3.95,
  TRY: 34,
  JPY: 152,
  KRW: 1380,
  CNY: 7.2,
  HKD: 7.8,
  SGD: 1.34,
  INR: 84,
  IDR: 15800,
  AED: 3.67,
  SAR: 3.75,
  ZAR: 18.2,
  BRL: 5.6,
  MXN: 19.5,
};

export const MAX_TIER = 60;

export function tierUsdMinor(tier: number): number {
  if (tier <= 0) return 0;
  if (tier <= 50) return tier * 100 - 1;
  return 4999 + (tier - 50) * 500;
}

/** The tier's price in a storefront, in that currency's minor units. */
export function tierPrice(tier: number, sf: Storefront): number {
  const usd = tierUsdMinor(tier) / 100;
  if (usd === 0) return 0;
  const rate = USD_RATES[sf.currency] ?? 1;
  const major = usd * rate;
  const unit = 10 ** sf.exponent;
  if (sf.exponent === 0 || rate >= 1000) {
    // large-unit currencies: round up to two significant digits (¥151 → ¥160, ₩1,366 → ₩1,400)
    const step = 10 ** Math.max(0, Math.floor(Math.log10(major)) - 1);
    return Math.ceil(major / step) * step * unit;
  }
  if (rate >= 20) return (Math.ceil(major / 10) * 10 - 1) * unit; // ₹84 → ₹89
  return Math.ceil(major) * unit - 1; // £0.78 → £0.99
}

export function tierPrices(tier: number): Array<{ country: string; priceMinor: number; currency: string }> {
  return storefronts.map((sf) => ({ country: sf.country, priceMinor: tierPrice(tier, sf), currency: sf.currency }));
}

export const isTier = (t: number) => Number.isInteger(t) && t >= 0 && t <= MAX_TIER;

/** Approximate USD minor units of an amount (refund auto-approval limits), by the reference rates. */
export function toUsdMinor(amountMinor: number, currency: string): number {
  const sf = storefronts.find((s) => s.currency === currency);
  const rate = USD_RATES[currency] ?? 1;
  return Math.round((amountMinor / 10 ** (sf?.exponent ?? 2) / rate) * 100);
}
