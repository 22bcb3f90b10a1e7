import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartsApi } from '../../api/charts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Fields';
import { MovementBadge } from '../../components/MovementBadge';
import { formatNumber } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { usePageTitle } from '../../lib/usePageTitle';
import '../../styles/charts.css';

const RANGES = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
];
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card analytics-card">
      <h2>{title}</h2>
      <div className="analytics-card__chart">
        <ResponsiveContainer width="100%" height="100%">
          {children as React.ReactElement}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** A developer's analytics for one app: downloads, revenue, DAU/MAU, retention, chart positions. */
export function AppAnalyticsPage() {
  const { bundleId = '' } = useParams();
  usePageTitle(`Analytics · ${bundleId}`);
  const [range, setRange] = useState('30');
  const from = day(Number(range) - 1);
  const to = day(0);
  const engagement = useQuery({
    queryKey: ['analytics', 'engagement', bundleId, from],
    queryFn: () => chartsApi.engagement(bundleId, from, to),
  });
  const revenue = useQuery({ queryKey: ['analytics', 'revenue', bundleId, from], queryFn: () => chartsApi.revenue(bundleId, from, to) });
  const positions = useQuery({ queryKey: ['analytics', 'positions', bundleId], queryFn: () => chartsApi.positions(bundleId) });

  const daily = useMemo(() => {
    const rows = new Map<string, { day: string; downloads: number; revenue: number }>();
    for (let i = Number(range) - 1; i >= 0; i--) rows.set(day(i), { day: day(i), downloads: 0, revenue: 0 });
    for (const d of revenue.data?.downloads ?? []) {
      const r = rows.get(d.day);
      if (r) r.downloads += d.count;
    }
    for (const d of revenue.data?.revenue ?? []) {
      const r = rows.get(d.day);
      if (r) r.revenue += d.amountMinor;
    }
    return [...rows.values()];
  }, [revenue.data, range]);
  const currency = revenue.data?.revenue[0]?.currency ?? 'USD';
  const totals = daily.reduce((t, d) => ({ downloads: t.downloads + d.downloads, revenue: t.revenue + d.revenue }), {
    downloads: 0,
    revenue: 0,
  });
  const usage = (engagement.data?.days ?? []).map((d) => ({
    ...d,
    stickiness: d.mau > 0 ? Math.round((d.dau / d.mau) * 1000) / 10 : 0,
    d1: pct(d.day1Retention),
    d7: pct(d.day7Retention),
  }));

  // chart rank over time: one line per chart the app appeared in (top 4 by best rank)
  const rankSeries = useMemo(() => {
    const h = positions.data?.history ?? [];
    const best = new Map<string, number>();
    for (const p of h) {
      const k = `${p.type} · ${p.country} · ${p.category}`;
      best.set(k, Math.min(best.get(k) ?? Number.POSITIVE_INFINITY, p.bestRank));
    }
    const keys = [...best.entries()]
      .sort((a, b) => a[1] - b[1])
      .slice(0, 4)
      .map(([k]) => k);
    const byDay = new Map<string, Record<string, number | string>>();
    for (const p of h) {
      const k = `${p.type} · ${p.country} · ${p.category}`;
      if (!keys.includes(k)) continue;
      const row = byDay.get(p.day) ?? { day: p.day };
      row[k] = p.bestRank;
      byDay.set(p.day, row);
    }
    return { keys, rows: [...byDay.values()].sort((a, b) => String(a.day).localeCompare(String(b.day))) };
  }, [positions.data]);
  const colors = ['#8250df', '#1a7f37', '#bf3989', '#0969da'];

  return (
    <div className="stack-lg">
      <header className="edit-head">
        <div>
          <Link to={`/console/apps/${encodeURIComponent(bundleId)}`} className="muted">
            <ArrowLeft size={14} aria-hidden="true" /> Back to the app
          </Link>
          <h1 className="page-title">Analytics</h1>
          <code className="muted">{bundleId}</code>
        </div>
        <SelectField label="Period" value={range} onChange={(e) => setRange(e.target.value)} options={RANGES} />
      </header>
      <div className="analytics-kpis" aria-live="polite">
        <div>
          <span className="muted">Downloads</span>
          <strong>{formatNumber(totals.downloads)}</strong>
        </div>
        <div>
          <span className="muted">Revenue</span>
          <strong>{formatMoney(totals.revenue, currency)}</strong>
        </div>
        <div>
          <span className="muted">Latest DAU / MAU</span>
          <strong>
            {formatNumber(usage.at(-1)?.dau ?? 0)} / {formatNumber(usage.at(-1)?.mau ?? 0)}
          </strong>
        </div>
      </div>
      <ErrorNotice error={engagement.error ?? revenue.error ?? positions.error} />
      <div className="analytics-grid">
        <Card title="Downloads per day">
          <BarChart data={daily}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="downloads" name="Downloads" fill="#0969da" />
          </BarChart>
        </Card>
        <Card title={`Revenue per day (${currency})`}>
          <BarChart data={daily.map((d) => ({ ...d, revenue: d.revenue / 100 }))}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis />
            <Tooltip />
            <Bar dataKey="revenue" name="Revenue" fill="#1a7f37" />
          </BarChart>
        </Card>
        <Card title="Daily and monthly active users">
          <LineChart data={usage}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="dau" name="DAU" stroke="#0969da" dot={false} />
            <Line type="monotone" dataKey="mau" name="MAU" stroke="#8250df" dot={false} />
          </LineChart>
        </Card>
        <Card title="Retention of each install cohort (%)">
          <LineChart data={usage}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis domain={[0, 100]} />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="d1" name="Day 1" stroke="#bf3989" connectNulls dot={false} />
            <Line type="monotone" dataKey="d7" name="Day 7" stroke="#1a7f37" connectNulls dot={false} />
          </LineChart>
        </Card>
        <Card title="Chart position over time (best rank of the day)">
          <LineChart data={rankSeries.rows}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis reversed allowDecimals={false} domain={[1, 'dataMax']} />
            <Tooltip />
            <Legend />
            {rankSeries.keys.map((k, i) => (
              <Line key={k} type="stepAfter" dataKey={k} stroke={colors[i]} connectNulls dot />
            ))}
          </LineChart>
        </Card>
      </div>
      <section className="card analytics-card">
        <h2>Where the app ranks now</h2>
        {positions.data && positions.data.current.length === 0 ? (
          <p className="muted">Not in any chart yet.</p>
        ) : (
          <ul>
            {positions.data?.current.slice(0, 20).map((c) => (
              <li key={`${c.type}:${c.country}:${c.category}`}>
                #{c.rank} in {c.type} · {c.country} · {c.category}{' '}
                <MovementBadge movement={c.movement} rank={c.rank} previousRank={c.previousRank} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
