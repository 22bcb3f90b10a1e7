/**
 * Billing periods and lifecycle durations. Real time adds calendar months in UTC (Jan 31 + 1
 * month = Feb 28/29); accelerated sandbox time (SUBSCRIPTION_ACCELERATED) makes a day 10 s, a
 * week 70 s, a month 5 min, a quarter 15 min and a year 1 h so developers can watch renewals.
 */
import type { SubscriptionPeriod } from './subscriptions.tables.js';

export const PERIODS: readonly SubscriptionPeriod[] = ['week', 'month', 'quarter', 'year'];
const MONTHS: Record<SubscriptionPeriod, number> = { week: 0, month: 1, quarter: 3, year: 12 };
const ACCELERATED_MS: Record<SubscriptionPeriod, number> = { week: 70_000, month: 300_000, quarter: 900_000, year: 3_600_000 };

/** Length of a "day" for grace periods and retries. */
export const dayMs = (accelerated: boolean) => (accelerated ? 10_000 : 86_400_000);

/** `from` plus `n` periods. */
export function addPeriods(from: string | Date, period: SubscriptionPeriod, n: number, accelerated: boolean): Date {
  const t = new Date(from).getTime();
  if (accelerated) return new Date(t + ACCELERATED_MS[period] * n);
  if (period === 'week') return new Date(t + 7 * 86_400_000 * n);
  const d = new Date(t);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + MONTHS[period] * n);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** Monthly equivalent of a price (MRR): weeks × 52/12, quarters ÷ 3, years ÷ 12. */
export function monthlyMinor(priceMinor: number, period: SubscriptionPeriod): number {
  if (period === 'week') return Math.round((priceMinor * 52) / 12);
  return Math.round(priceMinor / Math.max(1, MONTHS[period]));
}

/** Days between billing-retry attempts: 1, 2, 4, 7, 7 … (Apple-like). */
export const retryDelayDays = (attempt: number) => Math.min(7, 2 ** Math.max(0, attempt - 1));
