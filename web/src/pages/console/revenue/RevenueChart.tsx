/**
 * Sales and the developer's share per day for one currency, drawn with uPlot (small, fast,
 * canvas). Screen readers get a one-line summary; the day-by-day table below has every number.
 */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Revenue } from '../../../api/commerce-console';
import { formatMoney, minorDigits } from '../../../lib/money';

const DAY_S = 86_400;

/** One point per day from `from` to `to` (UTC), zero on days without sales. */
export function dailySeries(r: Revenue, currency: string): [number[], number[], number[]] {
  const start = Math.floor(Date.parse(r.from) / 1000 / DAY_S) * DAY_S;
  const end = Math.floor((Date.parse(r.to) - 1) / 1000 / DAY_S) * DAY_S;
  const byDay = new Map(r.daily.filter((d) => d.currency === currency).map((d) => [Date.parse(`${d.day}T00:00:00Z`) / 1000, d]));
  const xs: number[] = [];
  const gross: number[] = [];
  const net: number[] = [];
  const unit = 10 ** minorDigits(currency);
  for (let t = start; t <= end && xs.length < 3700; t += DAY_S) {
    const d = byDay.get(t);
    xs.push(t);
    gross.push((d?.grossMinor ?? 0) / unit);
    net.push((d?.netMinor ?? 0) / unit);
  }
  return [xs, gross, net];
}

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function RevenueChart({ revenue, currency }: { revenue: Revenue; currency: string }) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => dailySeries(revenue, currency), [revenue, currency]);
  const total = revenue.totals.find((t) => t.currency === currency);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const money = (v: number | null) => (v === null ? '—' : formatMoney(Math.round(v * 10 ** minorDigits(currency)), currency));
    const text = cssVar('--text-muted', '#5b6370');
    const grid = cssVar('--border', '#e2e5ea');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 240,
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 70, values: (_u, ticks) => ticks.map((t) => money(t)) }],
        series: [
          { value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)) },
          { label: 'Sales', stroke: cssVar('--accent', '#0a64e6'), width: 2, points: { show: false }, value: (_u, v) => money(v) },
          {
            label: 'Your share',
            stroke: cssVar('--success', '#157a43'),
            fill: `${cssVar('--success', '#157a43')}22`,
            width: 2,
            points: { show: false },
            value: (_u, v) => money(v),
          },
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 240 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, currency]);
  const label = total
    ? `Sales per day in ${currency}: ${formatMoney(total.grossMinor, currency)} in total, ${formatMoney(total.netMinor, currency)} your share.`
    : `No sales in ${currency}.`;
  return <div ref={box} className="revenue-chart" role="img" aria-label={label} />;
}
