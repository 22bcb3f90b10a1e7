import { describe, expect, it } from 'vitest';
import { formatMoney, formatPrice, minorDigits, parseMajor, toMajorString } from './money';

describe('money helpers', () => {
  it('uses each currency’s minor units', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KRW')).toBe(0);
  });

  it('formats minor units for display', () => {
    expect(formatMoney(299, 'USD', 'en-US')).toBe('$2.99');
    expect(formatMoney(480, 'JPY', 'en-US')).toBe('¥480');
    expect(formatMoney(4400, 'KRW', 'en-US')).toBe('₩4,400');
    expect(formatMoney(199, 'EUR', 'de-DE')).toBe('1,99\u00a0€');
    expect(formatPrice(0, 'USD', 'en-US')).toBe('Free');
  });

  it('parses typed major units into integer minor units', () => {
    expect(parseMajor('2.99', 'USD')).toBe(299);
    expect(parseMajor('2,5', 'EUR')).toBe(250);
    expect(parseMajor('3', 'USD')).toBe(300);
    expect(parseMajor('480', 'JPY')).toBe(480);
    expect(parseMajor('4.5', 'JPY')).toBeNull();
    expect(parseMajor('2.999', 'USD')).toBeNull();
    expect(parseMajor('-1', 'USD')).toBeNull();
    expect(parseMajor('', 'USD')).toBe(0);
  });

  it('round-trips through the input string', () => {
    for (const [minor, cur] of [
      [299, 'USD'],
      [5, 'USD'],
      [480, 'JPY'],
      [100000, 'GBP'],
    ] as const) {
      expect(parseMajor(toMajorString(minor, cur), cur)).toBe(minor);
    }
    expect(toMajorString(5, 'USD')).toBe('0.05');
  });
});
