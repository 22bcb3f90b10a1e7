import { useQuery } from '@tanstack/react-query';
import { Sparkles } from 'lucide-react';
import { Link } from 'react-router-dom';
import { catalogApi, type SortOrder } from '../../api/catalog';
import { useCategories } from '../../api/queries';
import type { AppSummary } from '../../api/types';
import { AppIcon } from '../../components/AppIcon';
import { AppGrid } from '../../components/AppTile';
import { CategoryGrid } from '../../components/CategoryGrid';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { TileSkeletons } from '../../components/Skeleton';
import { formatNumber } from '../../lib/format';
import { useCountry } from '../../lib/session';
import { usePageTitle } from '../../lib/usePageTitle';
import { RecommendationSections } from './RecommendationSections';

const POPULAR = 12;
const NEW = 9;

function useAppList(sort: SortOrder, limit: number) {
  const country = useCountry();
  return useQuery({ queryKey: ['apps', sort, limit, country], queryFn: () => catalogApi.apps({ sort, limit, country }) });
}

function AppsSection({ title, lead, sort, limit }: { title: string; lead: string; sort: SortOrder; limit: number }) {
  const q = useAppList(sort, limit);
  return (
    <Section title={title} lead={lead}>
      {q.isPending ? <TileSkeletons count={limit} /> : q.data ? <AppGrid apps={q.data.apps} ranked={sort === 'popular'} /> : null}
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
    </Section>
  );
}

/** Decorative: the icons of today's most popular apps, as a tilted wall (each one a link too). */
function IconWall({ apps }: { apps: AppSummary[] | undefined }) {
  if (!apps) return null;
  return (
    <ul className="icon-wall" aria-label="Popular right now">
      {apps.slice(0, 9).map((a) => (
        <li key={a.bundleId}>
          <Link to={`/apps/${encodeURIComponent(a.bundleId)}`} aria-label={a.name} title={a.name}>
            <AppIcon name={a.name} bundleId={a.bundleId} iconUrl={a.iconUrl} size={76} />
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  usePageTitle(undefined);
  const categories = useCategories();
  const popular = useAppList('popular', POPULAR);
  const total = categories.data?.reduce((s, c) => s + c.count, 0);
  return (
    <div className="container page">
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero__text">
          <p className="hero__eyebrow">
            <Sparkles size={16} aria-hidden="true" /> Discover
          </p>
          <h1 id="hero-title">Apps worth your time.</h1>
          <p className="hero__lead">
            {total !== undefined ? `${formatNumber(total)} apps` : 'Thousands of apps'} across {categories.data?.length ?? 26} categories,
            with honest ratings and fair prices in your currency.
          </p>
          <div className="hero__actions">
            <Link to="/categories" className="btn btn--light">
              Browse categories
            </Link>
          </div>
        </div>
        <IconWall apps={popular.data?.apps} />
      </section>
      <RecommendationSections />
      <AppsSection title="New apps" lead="Fresh releases from developers around the world." sort="new" limit={NEW} />
      <AppsSection title="Popular" lead="What people are downloading and loving right now." sort="popular" limit={POPULAR} />
      <Section title="Browse by category" more="/categories">
        <CategoryGrid categories={categories.data} />
        <ErrorNotice error={categories.error} onRetry={() => categories.refetch()} />
      </Section>
    </div>
  );
}
