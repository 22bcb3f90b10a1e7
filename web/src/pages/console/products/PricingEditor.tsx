/**
 * Prices of an in-app product: either a tier (equivalent local prices in every storefront) or
 * amounts typed per storefront in its own currency (a blank storefront does not sell it).
 */
import { useQuery } from '@tanstack/react-query';
import { type CountryPrice, commerceApi, type PriceTier, type Pricing } from '../../../api/commerce-console';
import { SelectField } from '../../../components/Fields';
import { formatMoney, formatPrice, parseMajor, toMajorString } from '../../../lib/money';
import { storefronts } from '../../../lib/shared';

export type PricingState = { mode: 'tier'; tier: string } | { mode: 'custom'; rows: Record<string, string> };

export const tiersKey = ['price-tiers'];

const rowsOf = (prices: CountryPrice[]) => {
  const rows: Record<string, string> = {};
  for (const p of prices) rows[p.country] = toMajorString(p.priceMinor, p.currency);
  return rows;
};

/** The editor state for saved prices: the tier they came from when they match one exactly. */
export function pricingFromPrices(prices: CountryPrice[], tiers: PriceTier[] | undefined): PricingState {
  if (!prices.length) return { mode: 'tier', tier: '1' };
  const key = (ps: CountryPrice[]) =>
    [...ps]
      .sort((a, b) => a.country.localeCompare(b.country))
      .map((p) => `${p.country}:${p.priceMinor}`)
      .join(',');
  const mine = key(prices);
  const tier = tiers?.find((t) => key(t.prices) === mine);
  return tier ? { mode: 'tier', tier: String(tier.tier) } : { mode: 'custom', rows: rowsOf(prices) };
}

/** The request body, or a message saying what to fix. */
export function pricingToBody(s: PricingState): Pricing | string {
  if (s.mode === 'tier') return { tier: Number(s.tier) };
  const prices: Array<{ country: string; priceMinor: number }> = [];
  const bad: string[] = [];
  for (const sf of storefronts) {
    const v = s.rows[sf.country]?.trim();
    if (!v) continue;
    const minor = parseMajor(v, sf.currency);
    if (minor === null) bad.push(sf.country);
    else prices.push({ country: sf.country, priceMinor: minor });
  }
  if (bad.length) return `Check the amounts for ${bad.join(', ')}.`;
  if (!prices.length) return 'Enter a price for at least one storefront, or choose a tier.';
  return { prices };
}

export function PricingEditor({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: PricingState;
  onChange: (s: PricingState) => void;
}) {
  const tiers = useQuery({ queryKey: tiersKey, queryFn: commerceApi.priceTiers, staleTime: 60 * 60_000 });
  const tier = value.mode === 'tier' ? tiers.data?.find((t) => String(t.tier) === value.tier) : undefined;
  return (
    <fieldset className="field">
      <legend className="field__label">Price</legend>
      <label className="radio">
        <input
          type="radio"
          name={`${idPrefix}-pricing`}
          checked={value.mode === 'tier'}
          onChange={() => onChange({ mode: 'tier', tier: '1' })}
        />
        A price tier (equivalent prices in every storefront)
      </label>
      <label className="radio">
        <input
          type="radio"
          name={`${idPrefix}-pricing`}
          checked={value.mode === 'custom'}
          // Start from the chosen tier's prices, so adjusting one storefront is one edit.
          onChange={() => onChange({ mode: 'custom', rows: tier ? rowsOf(tier.prices) : {} })}
        />
        My own price per storefront
      </label>
      {value.mode === 'tier' ? (
        <>
          <SelectField
            label="Price tier"
            value={value.tier}
            onChange={(e) => onChange({ mode: 'tier', tier: e.target.value })}
            options={(tiers.data ?? [{ tier: Number(value.tier), usdMinor: 0 }]).map((t) => ({
              value: String(t.tier),
              label: `Tier ${t.tier} — ${formatPrice(t.usdMinor, 'USD', 'en-US')}`,
            }))}
          />
          {tier && (
            <p className="field__hint">
              For example{' '}
              {tier.prices
                .filter((p) => ['GB', 'DE', 'JP', 'IN', 'BR'].includes(p.country))
                .map((p) => `${p.country} ${formatMoney(p.priceMinor, p.currency)}`)
                .join(' · ')}
            </p>
          )}
        </>
      ) : (
        <>
          <div className="row-actions">
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => onChange({ mode: 'custom', rows: {} })}>
              Clear all storefronts
            </button>
          </div>
          <div className="price-table">
            {storefronts.map((sf) => {
              const v = value.rows[sf.country] ?? '';
              const bad = v.trim() !== '' && parseMajor(v, sf.currency) === null;
              return (
                <div key={sf.country} className={`price-table__row${bad ? ' field--invalid' : ''}`}>
                  <label htmlFor={`${idPrefix}-price-${sf.country}`}>
                    {sf.name} <span className="muted small">{sf.currency}</span>
                  </label>
                  <input
                    id={`${idPrefix}-price-${sf.country}`}
                    className="input input--sm"
                    inputMode="decimal"
                    placeholder="not sold"
                    value={v}
                    aria-invalid={bad || undefined}
                    onChange={(e) => onChange({ mode: 'custom', rows: { ...value.rows, [sf.country]: e.target.value } })}
                  />
                </div>
              );
            })}
          </div>
        </>
      )}
    </fieldset>
  );
}
