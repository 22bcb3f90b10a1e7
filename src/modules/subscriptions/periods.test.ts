import { describe, expect, it } from 'vitest';
import { addPeriods, dayMs, monthlyMinor, retryDelayDays } from './periods.js';

describe('billing periods', () => {
  it('adds calendar months in UTC, clamping to the end of shorter months', () => {
    expect(addPeriods('2026-01-31T10:00:00Z', 'month', 1, false).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addPeriods('2028-01-31T00:00:00Z', 'month', 1, false).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addPeriods('2026-11-15T00:00:00Z', 'quarter', 1, false).toISOString()).toBe('2027-02-15T00:00:00.000Z');
    expect(addPeriods('2026-03-01T00:00:00Z', 'year', 2, false).toISOString()).toBe('2028-03-01T00:00:00.000Z');
    expect(addPeriods('2026-03-01T00:00:00Z', 'week', 1, false).toISOString()).toBe('2026-03-08T00:00:00.000Z');
  });

  it('accelerated sandbox time: a month is 5 minutes, a day 10 seconds', () => {
    expect(addPeriods('2026-01-01T00:00:00Z', 'month', 1, true).toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(addPeriods('2026-01-01T00:00:00Z', 'year', 1, true).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(dayMs(true)).toBe(10_000);
    expect(dayMs(false)).toBe(86_400_000);
  });

  it('normalises prices to a month for MRR and spaces billing retries 1, 2, 4, 7, 7 days', () => {
    expect(monthlyMinor(1200, 'year')).toBe(100);
    expect(monthlyMinor(300, 'quarter')).toBe(100);
    expect(monthlyMinor(300, 'week')).toBe(1300);
    expect([1, 2, 3, 4, 5].map(retryDelayDays)).toEqual([1, 2, 4, 7, 7]);
  });
});
