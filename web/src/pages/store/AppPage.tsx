import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { catalogApi } from '../../api/catalog';
import { isApiError } from '../../api/client';
import { AppIcon } from '../../components/AppIcon';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RatingStars } from '../../components/RatingStars';
import { Skeleton } from '../../components/Skeleton';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCount, formatRating } from '../../lib/format';
import { useCountry } from '../../lib/session';
import { categorySlug } from '../../lib/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { AppFacts } from './app/AppFacts';
import { BuyBox } from './app/BuyBox';
import { InAppProducts } from './app/InAppProducts';
import { RatingsSummary } from './app/RatingsSummary';
import { ReviewsSection } from './app/ReviewsSection';
import { Screenshots } from './app/Screenshots';
import { NotFoundPage } from './NotFoundPage';
import { SimilarApps } from './RecommendationSections';

function AppPageSkeleton() {
  return (
    <div className="container page" aria-busy="true">
      <span className="sr-only" role="status">
        Loading app…
      </span>
      <div className="row-actions" style={{ alignItems: 'flex-start', gap: 24, marginBottom: 24 }}>
        <Skeleton width={128} height={128} radius={29} />
        <div className="app-hero__text" style={{ flex: 1 }}>
          <Skeleton width="50%" height={36} />
          <Skeleton width="70%" />
          <Skeleton width="30%" />
        </div>
      </div>
      <Skeleton height={200} radius={16} />
    </div>
  );
}

export function AppPage() {
  const { bundleId = '' } = useParams();
  const country = useCountry();
  const q = useQuery({ queryKey: ['app', bundleId, country], queryFn: () => catalogApi.app(bundleId, country) });
  usePageTitle(q.data?.name);
  if (q.isPending) return <AppPageSkeleton />;
  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage what="app" />;
  const app = q.data;
  if (!app) {
    return (
      <div className="container page">
        <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      </div>
    );
  }
  return (
    <div className="container page app-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/category/${categorySlug(app.category)}`}>{app.category}</Link>
      </nav>
      <div className="app-hero">
        <AppIcon name={app.name} bundleId={app.bundleId} iconUrl={app.iconUrl} size={128} alt={`${app.name} icon`} />
        <div className="app-hero__text">
          <h1 className="app-hero__name">
            {app.name} {app.status !== 'live' && <StatusBadge status={app.status} />}
          </h1>
          {app.subtitle && <p className="app-hero__subtitle">{app.subtitle}</p>}
          <p className="app-hero__developer">
            <Link to={`/developers/${app.developerSlug}`}>{app.developer}</Link>
          </p>
        </div>
        <ul className="app-hero__stats" aria-label="At a glance">
          <li>
            <strong>{app.ratingCount > 0 ? formatRating(app.ratingAverage) : '—'}</strong>
            <RatingStars value={app.ratingAverage} count={app.ratingCount} />
            <span className="muted small">{formatCount(app.ratingCount)} ratings</span>
          </li>
          <li>
            <strong>{app.ageRating}</strong>
            <span className="muted small">Age</span>
          </li>
          <li>
            <strong>{formatCount(app.downloads)}</strong>
            <span className="muted small">Downloads</span>
          </li>
        </ul>
        <BuyBox app={app} country={country} />
      </div>

      <Screenshots shots={app.screenshots} appName={app.name} />

      <div className="app-columns">
        <div>
          <section className="section" aria-labelledby="about-title">
            <h2 id="about-title">About this app</h2>
            <p className="prose">{app.description || 'The developer hasn’t written a description yet.'}</p>
            {app.keywords.length > 0 && (
              <ul className="tags" aria-label="Keywords">
                {app.keywords.map((k) => (
                  <li key={k}>
                    <Link className="tag" to={`/search?q=${encodeURIComponent(k)}`}>
                      {k}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <InAppProducts app={app} country={country} />
          <section className="section" aria-labelledby="ratings-title">
            <h2 id="ratings-title">Ratings</h2>
            <RatingsSummary app={app} />
          </section>
          <ReviewsSection bundleId={app.bundleId} appName={app.name} />
          <SimilarApps bundleId={app.bundleId} />
        </div>
        <AppFacts app={app} />
      </div>
    </div>
  );
}
