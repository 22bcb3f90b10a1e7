/**
 * Prices per storefront, typed in each storefront's own currency. A blank row means "use the
 * base price"; only rows that differ from the base are sent (PUT replaces the whole list).
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { consoleApi } from '../../../api/console';
import type { AppDetail } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useToast } from '../../../components/Toast';
import { formatPrice, parseMajor, toMajorString } from '../../../lib/money';
import { storefronts } from '../../../lib/shared';
import { useAppUpdated } from '../console-cache';
import { PriceTierPicker } from './PriceTierPicker';

type Rows = Record<string, string>;

function rowsFromApp(app: AppDetail): Rows {
  const rows: Rows = {};
  for (const s of storefronts) {
    const p = app.prices.find((x) => x.country === s.country);
    const isBase = p && p.currency === app.currency && p.priceMinor === app.priceMinor;
    rows[s.country] = p && p.currency === s.currency && !isBase ? toMajorString(p.priceMinor, s.currency) : '';
  }
  return rows;
}

export function PricesSection({ app }: { app: AppDetail }) {
  const [rows, setRows] = useState<Rows>(() => rowsFromApp(app));
  const updated = useAppUpdated(app.bundleId);
  const toast = useToast();
  const sold = useMemo(() => storefronts.filter((s) => !app.availability || app.availability.includes(s.country)), [app.availability]);
  const invalid = sold.filter((s) => rows[s.country] && parseMajor(rows[s.country] ?? '', s.currency) === null).map((s) => s.country);
  const save = useMutation({
    mutationFn: () =>
      consoleApi.setPrices(
        app.bundleId,
        sold
          .filter((s) => rows[s.country])
          .map((s) => ({ country: s.country, priceMinor: parseMajor(rows[s.country] ?? '', s.currency) ?? 0 })),
      ),
    onSuccess: (a) => {
      updated(a);
      setRows(rowsFromApp(a));
      toast('Prices saved.');
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid.length === 0) save.mutate();
  };
  const base = formatPrice(app.priceMinor, app.currency);
  return (
    <section className="card panel" aria-labelledby="prices-title">
      <h2 id="prices-title">Prices by country</h2>
      <p className="muted">
        Leave a row blank to charge the base price ({base}). Amounts are in each storefront’s currency; 0 makes the app free there.
      </p>
      <PriceTierPicker
        app={app}
        onApplied={(a) => {
          updated(a);
          setRows(rowsFromApp(a));
          toast('Prices set from the tier.');
        }}
      />
      <form onSubmit={onSubmit} noValidate>
        <fieldset className="price-table">
          <legend className="sr-only">Prices by storefront</legend>
          {sold.map((s) => {
            const bad = invalid.includes(s.country);
            return (
              <div key={s.country} className={`price-table__row${bad ? ' field--invalid' : ''}`}>
                <label htmlFor={`price-${s.country}`}>
                  {s.name} <span className="muted small">{s.currency}</span>
                </label>
                <input
                  id={`price-${s.country}`}
                  className="input input--sm"
                  inputMode="decimal"
                  placeholder={base}
                  value={rows[s.country] ?? ''}
                  aria-invalid={bad || undefined}
                  onChange={(e) => setRows((r) => ({ ...r, [s.country]: e.target.value }))}
                />
              </div>
            );
          })}
        </fieldset>
        {invalid.length > 0 && (
          <p className="field__error" role="alert">
            Check the amounts for {invalid.join(', ')}: use digits and at most the currency’s decimals.
          </p>
        )}
        <ErrorNotice error={save.error} />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={save.isPending || invalid.length > 0}>
            {save.isPending ? 'Saving…' : 'Save prices'}
          </button>
        </div>
      </form>
    </section>
  );
}
