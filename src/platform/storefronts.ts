/**
 * The countries the store sells in, with their currency and its minor-unit exponent.
 * Money is always integer minor units of the storefront currency.
 */
export interface Storefront {
  country: string;
  name: string;
  currency: string;
  /** Digits after the decimal point (JPY 0, USD 2). */
  exponent: number;
}

export const storefronts: readonly Storefront[] = [
  { country: 'US', name: 'United States', currency: 'USD', exponent: 2 },
  { country: 'GB', name: 'United Kingdom', currency: 'GBP', exponent: 2 },
  { country: 'CA', name: 'Canada', currency: 'CAD', exponent: 2 },
  { country: 'AU', name: 'Australia', currency: 'AUD', exponent: 2 },
  { country: 'NZ', name: 'New Zealand', currency: 'NZD', exponent: 2 },
  { country: 'IE', name: 'Ireland', currency: 'EUR', exponent: 2 },
  { country: 'DE', name: 'Germany', currency: 'EUR', exponent: 2 },
  { country: 'FR', name: 'France', currency: 'EUR', exponent: 2 },
  { country: 'ES', name: 'Spain', currency: 'EUR', exponent: 2 },
  { country: 'IT', name: 'Italy', currency: 'EUR', exponent: 2 },
  { country: 'NL', name: 'Netherlands', currency: 'EUR', exponent: 2 },
  { country: 'AT', name: 'Austria', currency: 'EUR', exponent: 2 },
  { country: 'SE', name: 'Sweden', currency: 'SEK', exponent: 2 },
  { country: 'NO', name: 'Norway', currency: 'NOK', exponent: 2 },
  { country: 'DK', name: 'Denmark', currency: 'DKK', exponent: 2 },
  { country: 'CH', name: 'Switzerland', currency: 'CHF', exponent: 2 },
  { country: 'PL', name: 'Poland', currency: 'PLN', exponent: 2 },
  { country: 'TR', name: 'Türkiye', currency: 'TRY', exponent: 2 },
  { country: 'JP', name: 'Japan', currency: 'JPY', exponent: 0 },
  { country: 'KR', name: 'South Korea', currency: 'KRW', exponent: 0 },
  { country: 'CN', name: 'China', currency: 'CNY', exponent: 2 },
  { country: 'HK', name: 'Hong Kong', currency: 'HKD', exponent: 2 },
  { country: 'SG', name: 'Singapore', currency: 'SGD', exponent: 2 },
  { country: 'IN', name: 'India', currency: 'INR', exponent: 2 },
  { country: 'ID', name: 'Indonesia', currency: 'IDR', exponent: 2 },
  { country: 'AE', name: 'United Arab Emirates', currency: 'AED', exponent: 2 },
  { country: 'SA', name: 'Saudi Arabia', currency: 'SAR', exponent: 2 },
  { country: 'ZA', name: 'South Africa', currency: 'ZAR', exponent: 2 },
  { country: 'BR', name: 'Brazil', currency: 'BRL', exponent: 2 },
  { country: 'MX', name: 'Mexico', currency: 'MXN', exponent: 2 },
];

export const countryCodes: readonly string[] = storefronts.map((s) => s.country);
const byCountry = new Map(storefronts.map((s) => [s.country, s]));
export const storefrontOf = (country: string): Storefront | undefined => byCountry.get(country);
export const currencies: readonly string[] = [...new Set(storefronts.map((s) => s.currency))];
export const DEFAULT_COUNTRY = 'US';
