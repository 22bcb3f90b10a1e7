import { useQuery } from '@tanstack/react-query';
import { Trophy } from 'lucide-react';
import { useSearchParams } from 'react-router-dom';
import { type ChartType, chartsApi } from '../../api/charts';
import { AppTile } from '../../components/AppTile';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Fields';
import { MovementBadge } from '../../components/MovementBadge';
import { SegmentedLinks } from '../../components/SegmentedLinks';
import { TileSkeletons } from '../../components/Skeleton';
import { formatDate } from '../../lib/format';
import { useCountry } from '../../lib/session';
import { categories, categorySlug, storefronts } from '../../lib/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import '../../styles/charts.css';

const TYPES: Array<{ type: ChartType; label: string }> = [
  { type: 'free', label: 'Top free' },
  { type: 'paid', label: 'Top paid' },
  { type: 'grossing', label: 'Top grossing' },
];
const PAGE = 50;

/** Top charts: free / paid / grossing tabs, country and category pickers, movement since the last run. */
export function ChartsPage() {
  usePageTitle('Top charts');
  const shopperCountry = useCountry();
  const [params, setParams] = useSearchParams();
  const type = (TYPES.find((t) => t.type === params.get('type'))?.type ?? 'free') as ChartType;
  const country = params.get('country') ?? shopperCountry;
  const category = params.get('category') ?? 'all';
  const q = useQuery({
    queryKey: ['charts', type, country, category],
    queryFn: () => chartsApi.chart({ type, country, category, limit: PAGE }),
  });
  const link = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    return `?${next.toString()}`;
  };
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next);
  };
  return (
    <div className="container page">
      <h1 className="page-title">Top charts</h1>
      <SegmentedLinks label="Chart" items={TYPES.map((t) => ({ label: t.label, to: link({ type: t.type }), current: t.type === type }))} />
      <div className="charts-controls">
        <SelectField
          label="Country"
          value={country}
          onChange={(e) => set('country', e.target.value)}
          options={storefronts.map((s) => ({ value: s.country, label: s.name }))}
        />
        <SelectField
          label="Category"
          value={category}
          onChange={(e) => set('category', e.target.value)}
          options={[{ value: 'all', label: 'All categories' }, ...categories.map((c) => ({ value: categorySlug(c), label: c }))]}
        />
      </div>
      {q.data?.computedAt && <p className="muted">Updated {formatDate(q.data.computedAt)}. Charts are recomputed every hour.</p>}
      {q.isPending ? (
        <TileSkeletons count={8} />
      ) : q.data && q.data.entries.length === 0 ? (
        <EmptyState icon={Trophy} title="No chart yet">
          Nothing ranks here yet. Charts fill up as people download apps in this country and category.
        </EmptyState>
      ) : (
        <ol className="chart-list" aria-label={`${TYPES.find((t) => t.type === type)?.label} in ${country}`}>
          {q.data?.entries.map((e) => (
            <li key={e.app.bundleId} className="chart-row">
              <span className="chart-row__rank">
                <span className="sr-only">Rank </span>
                {e.rank}
              </span>
              <MovementBadge movement={e.movement} rank={e.rank} previousRank={e.previousRank} />
              <AppTile app={e.app} />
            </li>
          ))}
        </ol>
      )}
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
    </div>
  );
}
