import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ExternalLink, PackageOpen } from 'lucide-react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { catalogApi } from '../../api/catalog';
import { isApiError } from '../../api/client';
import { AppGrid } from '../../components/AppTile';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pagination } from '../../components/Pagination';
import { Section } from '../../components/Section';
import { Skeleton, TileSkeletons } from '../../components/Skeleton';
import { formatDate, formatNumber } from '../../lib/format';
import { initials, tileGradient } from '../../lib/tile-art';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';
import { NotFoundPage } from './NotFoundPage';

const PAGE_SIZE = 24;

export function DeveloperPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const page = pageFrom(params);
  const dev = useQuery({ queryKey: ['developer', slug], queryFn: () => catalogApi.developer(slug) });
  const apps = useQuery({
    queryKey: ['developer-apps', slug, page],
    queryFn: () => catalogApi.developerApps(slug, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled: dev.isSuccess,
  });
  usePageTitle(dev.data?.name ?? 'Developer');
  if (isApiError(dev.error) && dev.error.status === 404) return <NotFoundPage what="developer" />;
  const d = dev.data;
  const pageCount = apps.data ? Math.ceil(apps.data.total / PAGE_SIZE) : 0;
  return (
    <div className="container page">
      <header className="profile card">
        <span className="profile__mark" aria-hidden="true" style={{ background: tileGradient(slug) }}>
          {d ? initials(d.name) : ''}
        </span>
        <div className="profile__text">
          <p className="eyebrow">Developer</p>
          <h1 className="page-title">{d?.name ?? <Skeleton width={240} height={32} />}</h1>
          {d?.bio && <p className="profile__bio">{d.bio}</p>}
          {d && (
            <p className="muted small">
              On Orchard since {formatDate(d.createdAt)}
              {apps.data ? ` · ${formatNumber(apps.data.total)} apps` : ''}
            </p>
          )}
          {d?.website && (
            <a className="profile__link" href={d.website} rel="noopener noreferrer nofollow" target="_blank">
              {d.website.replace(/^https?:\/\//, '')} <ExternalLink size={14} aria-label="(opens in a new tab)" />
            </a>
          )}
        </div>
      </header>
      <ErrorNotice error={dev.error} onRetry={() => dev.refetch()} />
      <Section title="Apps">
        {apps.isPending && !dev.error ? (
          <TileSkeletons count={8} />
        ) : apps.data && apps.data.apps.length > 0 ? (
          <AppGrid apps={apps.data.apps} />
        ) : apps.data ? (
          <EmptyState icon={PackageOpen} title="No apps published yet" />
        ) : null}
        <ErrorNotice error={apps.error} onRetry={() => apps.refetch()} />
        <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
      </Section>
    </div>
  );
}
