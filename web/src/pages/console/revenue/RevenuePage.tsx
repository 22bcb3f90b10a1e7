/**
 * Revenue from the ledger (sales, the store's commission and the developer's share, refunds) for a
 * date range, the balance owed, and the monthly payouts with their statements (JSON view, CSV).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Download, Wallet } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { commerceApi, type Payout } from '../../../api/commerce-console';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { TextField } from '../../../components/Fields';
import { formatDate, formatNumber } from '../../../lib/format';
import { formatMoney } from '../../../lib/money';
import { withParams } from '../../../lib/url';
import { usePageTitle } from '../../../lib/usePageTitle';

// The chart library loads only when a revenue chart is shown.
const RevenueChart = lazy(() => import('./RevenueChart').then((m) => ({ default: m.RevenueChart })));

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const pctOf = (bps: number) => `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`;

export function RevenuePage() {
  usePageTitle('Revenue and payouts');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const from = DATE_RE.test(params.get('from') ?? '') ? (params.get('from') as string) : undefined;
  const to = DATE_RE.test(params.get('to') ?? '') ? (params.get('to') as string) : undefined;
  const [fromText, setFromText] = useState(from ?? '');
  const [toText, setToText] = useState(to ?? '');
  const revenue = useQuery({
    queryKey: ['revenue', from, to],
    queryFn: () => commerceApi.revenue({ from, to }),
    placeholderData: keepPreviousData,
  });
  const commission = useQuery({ queryKey: ['commission'], queryFn: commerceApi.commission });
  const r = revenue.data;
  const [picked, setChartCurrency] = useState<string | null>(null);
  const chartCurrency =
    picked && r?.totals.some((t) => t.currency === picked)
      ? picked
      : ([...(r?.totals ?? [])].sort((a, b) => b.units - a.units)[0]?.currency ?? 'USD');
  const bps = commission.data?.commissionBps ?? 3000;
  return (
    <div className="stack-lg">
      <h1 className="page-title">Revenue and payouts</h1>
      <section className="card panel" aria-labelledby="revenue-title">
        <div className="section__head">
          <div>
            <h2 id="revenue-title">Sales</h2>
            {r && (
              <p className="muted small">
                {formatDate(r.from)} – {formatDate(r.to)}
              </p>
            )}
          </div>
          <form
            className="console-filters"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(withParams(pathname, params, { from: fromText || undefined, to: toText || undefined }));
            }}
          >
            <TextField label="From" type="date" value={fromText} onChange={(e) => setFromText(e.target.value)} />
            <TextField label="To" type="date" value={toText} onChange={(e) => setToText(e.target.value)} />
            <button type="submit" className="btn btn--ghost console-filters__go">
              Show
            </button>
          </form>
        </div>
        {commission.data && (
          <p className="muted">
            You keep {pctOf(10_000 - bps)} of each sale; the store’s commission is {pctOf(bps)} ({commission.data.program} program). Refunds
            reverse both shares.
          </p>
        )}
        <ErrorNotice error={revenue.error} onRetry={() => revenue.refetch()} />
        {r && r.totals.length === 0 && <p className="muted">No sales in this period.</p>}
        {r && r.totals.length > 0 && (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="sr-only">Totals per currency</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">Units</th>
                  <th scope="col">Refunds</th>
                  <th scope="col">Sales</th>
                  <th scope="col">Store commission</th>
                  <th scope="col">Your share</th>
                </tr>
              </thead>
              <tbody>
                {r.totals.map((t) => (
                  <tr key={t.currency}>
                    <th scope="row">{t.currency}</th>
                    <td className="num">{formatNumber(t.units)}</td>
                    <td className="num">{formatNumber(t.refunds)}</td>
                    <td className="num">{formatMoney(t.grossMinor, t.currency)}</td>
                    <td className="num">{formatMoney(t.commissionMinor, t.currency)}</td>
                    <td className="num strong">{formatMoney(t.netMinor, t.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {r && r.totals.length > 0 && (
          <>
            {r.totals.length > 1 && (
              <SegmentedButtons
                label="Chart currency"
                options={r.totals.map((t) => t.currency)}
                value={chartCurrency}
                onChange={setChartCurrency}
              />
            )}
            <Suspense fallback={<div className="revenue-chart" aria-hidden="true" />}>
              <RevenueChart revenue={r} currency={chartCurrency} />
            </Suspense>
          </>
        )}
        {r && r.balance.length > 0 && (
          <p className="balance">
            <Wallet size={18} aria-hidden="true" /> Owed to you, not yet paid out:{' '}
            <strong>{r.balance.map((b) => formatMoney(b.amountMinor, b.currency)).join(' + ')}</strong>
          </p>
        )}
        {r && r.daily.length > 0 && (
          <details className="disclosure">
            <summary>Day by day ({r.daily.length})</summary>
            <div className="table-wrap">
              <table className="data-table">
                <caption className="sr-only">Sales per day and currency</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Currency</th>
                    <th scope="col">Units</th>
                    <th scope="col">Sales</th>
                    <th scope="col">Your share</th>
                  </tr>
                </thead>
                <tbody>
                  {r.daily.map((d) => (
                    <tr key={d.day + d.currency}>
                      <td>{d.day}</td>
                      <td>{d.currency}</td>
                      <td className="num">{formatNumber(d.units)}</td>
                      <td className="num">{formatMoney(d.grossMinor, d.currency)}</td>
                      <td className="num">{formatMoney(d.netMinor, d.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </section>
      <PayoutsSection />
    </div>
  );
}

function SegmentedButtons({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: string[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <fieldset className="segmented segmented--fieldset">
      <legend className="sr-only">{label}</legend>
      {options.map((o) => (
        <button key={o} type="button" className="segmented__item" aria-pressed={o === value} onClick={() => onChange(o)}>
          {o}
        </button>
      ))}
    </fieldset>
  );
}

function PayoutsSection() {
  const q = useQuery({ queryKey: ['payouts'], queryFn: commerceApi.payouts });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="card panel" aria-labelledby="payouts-title">
      <h2 id="payouts-title">Payouts</h2>
      <p className="muted">Paid monthly per currency for the previous calendar month.</p>
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data?.length === 0 && (
        <EmptyState icon={Wallet} title="No payouts yet">
          Your first payout is created after the month of your first sale closes.
        </EmptyState>
      )}
      <ul className="payout-list">
        {q.data?.map((p) => (
          <li key={p.id}>
            <PayoutRow payout={p} open={open === p.id} onToggle={() => setOpen(open === p.id ? null : p.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PayoutRow({ payout: p, open, onToggle }: { payout: Payout; open: boolean; onToggle: () => void }) {
  const s = useQuery({ queryKey: ['payout', p.id], queryFn: () => commerceApi.statement(p.id), enabled: open });
  return (
    <div className="payout">
      <div className="payout__row">
        <span className="strong">{p.period}</span>
        <span className="num strong">{formatMoney(p.amountMinor, p.currency)}</span>
        <span className="muted small">created {formatDate(p.createdAt)}</span>
        <button type="button" className="btn btn--ghost btn--sm" aria-expanded={open} onClick={onToggle}>
          {open ? 'Hide statement' : 'Statement'}
        </button>
        <a className="btn btn--ghost btn--sm" href={commerceApi.statementCsvUrl(p.id)} download>
          <Download size={14} aria-hidden="true" /> CSV
        </a>
      </div>
      {open && <ErrorNotice error={s.error} />}
      {open && s.data && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Statement for {p.period}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Reference</th>
                <th scope="col">Gross</th>
                <th scope="col">Commission</th>
                <th scope="col">Net</th>
              </tr>
            </thead>
            <tbody>
              {s.data.lines.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: statement lines have no id and never reorder
                <tr key={i}>
                  <td>{l.date}</td>
                  <td>{l.type}</td>
                  <td>
                    <code>{l.reference}</code>
                  </td>
                  <td className="num">{formatMoney(l.grossMinor, s.data.currency)}</td>
                  <td className="num">{formatMoney(l.commissionMinor, s.data.currency)}</td>
                  <td className="num">{formatMoney(l.netMinor, s.data.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Totals (opening balance {formatMoney(s.data.openingBalanceMinor, s.data.currency)})
                </th>
                <td className="num">{formatMoney(s.data.totals.grossMinor, s.data.currency)}</td>
                <td className="num">{formatMoney(s.data.totals.commissionMinor, s.data.currency)}</td>
                <td className="num strong">{formatMoney(s.data.payoutMinor, s.data.currency)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
