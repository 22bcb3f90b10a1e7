/**
 * Money is integer minor units plus an ISO currency everywhere in Orchard. These helpers
 * convert for display and input using the currency's own number of minor digits
 * (USD 2, JPY and KRW 0), taken from the storefront table and else from Intl.
 */
import { storefronts } from './shared';

const exponents = new Map(storefronts.map((s) => [s.currency, s.exponent]));

export function minorDigits(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "$2.99", "¥300", "2,99 €" — in the shopper's locale. */
export function formatMoney(minor: number, currency: string, locale = defaultLocale()): string {
  const digits = minorDigits(currency);
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f.format(minor / 10 ** digits);
}

/** "Free" for zero, else the formatted amount. */
export const formatPrice = (minor: number, currency: string, locale?: string) =>
  minor === 0 ? 'Free' : formatMoney(minor, currency, locale);

/** Major units typed by a person ("2.99", "2,99", "300") → integer minor units, or null if not a valid amount. */
export function parseMajor(input: string, currency: string): number | null {
  const s = input.trim().replace(/\s/g, '').replace(',', '.');
  if (s === '') return 0;
  const digits = minorDigits(currency);
  const re = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!re.test(s)) return null;
  const [whole = '0', frac = ''] = s.split('.');
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
}

/** Integer minor units → the plain major-unit string an input shows ("2.99", "300"). */
export function toMajorString(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export function defaultLocale(): string {
  return typeof navigator !== 'undefined' ? navigator.language || 'en-US' : 'en-US';
}
