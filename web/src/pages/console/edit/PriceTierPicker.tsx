/** Prices the app in every storefront from one tier of the store's price-tier table. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/client';
import { commerceApi } from '../../../api/commerce-console';
import { consoleApi } from '../../../api/console';
import type { AppDetail } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { SelectField } from '../../../components/Fields';
import { formatMoney, formatPrice } from '../../../lib/money';
import { tiersKey } from '../products/PricingEditor';

export function PriceTierPicker({ app, onApplied }: { app: AppDetail; onApplied: (a: AppDetail) => void }) {
  const tiers = useQuery({ queryKey: tiersKey, queryFn: commerceApi.priceTiers, staleTime: 60 * 60_000 });
  const [tier, setTier] = useState('');
  const apply = useMutation({
    mutationFn: async () => {
      await api(`/apps/${encodeURIComponent(app.bundleId)}/price-tier`, { method: 'PUT', body: { tier: Number(tier) } });
      return consoleApi.app(app.bundleId);
    },
    onSuccess: onApplied,
  });
  const chosen = tiers.data?.find((t) => String(t.tier) === tier);
  return (
    <div className="tier-picker">
      <SelectField
        label="Set every storefront from a price tier"
        value={tier}
        onChange={(e) => setTier(e.target.value)}
        options={[
          { value: '', label: 'Choose a tier…' },
          ...(tiers.data ?? []).map((t) => ({
            value: String(t.tier),
            label: `Tier ${t.tier} — ${formatPrice(t.usdMinor, 'USD', 'en-US')}`,
          })),
        ]}
        hint={
          chosen
            ? `For example ${chosen.prices
                .filter((p) => ['GB', 'DE', 'JP'].includes(p.country))
                .map((p) => `${p.country} ${formatMoney(p.priceMinor, p.currency)}`)
                .join(' · ')}`
            : 'Equivalent, locally rounded prices in every storefront. You can adjust single storefronts afterwards.'
        }
      />
      <button type="button" className="btn btn--ghost" disabled={!tier || apply.isPending} onClick={() => apply.mutate()}>
        {apply.isPending ? 'Applying…' : 'Apply tier'}
      </button>
      <ErrorNotice error={apply.error} />
    </div>
  );
}
