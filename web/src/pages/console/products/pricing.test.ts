import { describe, expect, it } from 'vitest';
import type { PriceTier } from '../../../api/commerce-console';
import { pricingFromPrices, pricingToBody } from './PricingEditor';

const tier3: PriceTier = {
  tier: 3,
  usdMinor: 299,
  prices: [
    { country: 'US', priceMinor: 299, currency: 'USD' },
    { country: 'JP', priceMinor: 460, currency: 'JPY' },
  ],
};

describe('in-app product pricing editor state', () => {
  it('opens saved prices as the tier they match, else as own prices', () => {
    expect(pricingFromPrices([...tier3.prices].reverse(), [tier3])).toEqual({ mode: 'tier', tier: '3' });
    expect(pricingFromPrices([{ country: 'US', priceMinor: 149, currency: 'USD' }], [tier3])).toEqual({
      mode: 'custom',
      rows: { US: '1.49' },
    });
    expect(pricingFromPrices([], [tier3])).toEqual({ mode: 'tier', tier: '1' });
  });

  it('sends a tier, or per-storefront minor units in each currency, and names bad rows', () => {
    expect(pricingToBody({ mode: 'tier', tier: '7' })).toEqual({ tier: 7 });
    expect(pricingToBody({ mode: 'custom', rows: { US: '1.49', JP: '200', GB: '' } })).toEqual({
      prices: [
        { country: 'US', priceMinor: 149 },
        { country: 'JP', priceMinor: 200 },
      ],
    });
    expect(pricingToBody({ mode: 'custom', rows: { US: '1.499', JP: '2.5' } })).toBe('Check the amounts for US, JP.');
    expect(pricingToBody({ mode: 'custom', rows: { US: ' ' } })).toMatch(/at least one storefront/);
  });
});
