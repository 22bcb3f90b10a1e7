/** Display formatting for numbers, sizes and dates in the shopper's locale. */
import { defaultLocale } from './money';

export const formatCount = (n: number) =>
  new Intl.NumberFormat(defaultLocale(), { notation: 'compact', maximumFractionDigits: 1 }).format(n);

export const formatNumber = (n: number) => new Intl.NumberFormat(defaultLocale()).format(n);

export function formatBytes(bytes: number): string {
  if (!bytes) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${new Intl.NumberFormat(defaultLocale(), { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v)} ${units[i]}`;
}

export const formatDate = (iso: string) => new Intl.DateTimeFormat(defaultLocale(), { dateStyle: 'medium' }).format(new Date(iso));

export const formatRating = (r: number) =>
  new Intl.NumberFormat(defaultLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
