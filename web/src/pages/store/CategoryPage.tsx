import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PackageOpen } from 'lucide-react';
import type { CSSProperties } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { catalogApi } from '../../api/catalog';
import { isApiError } from '../../api/client';
import { AppGrid } from '../../components/AppTile';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pagination } from '../../components/Pagination';
import { SegmentedLinks } from '../../components/SegmentedLinks';
import { TileSkeletons } from '../../components/Skeleton';
import { categoryHue, categoryIcon } from '../../lib/category-icons';
import { formatNumber } from '../../lib/format';
import { useCountry } from '../../lib/session';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';
import { NotFoundPage } from './NotFoundPage';

const PAGE_SIZE = 24;

export function CategoryPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const sort = params.get('sort') === 'new' ? 'new' : 'popular';
  const page = pageFrom(params);
  const country = useCountry();
  const q = useQuery({
    queryKey: ['category', slug, sort, page, country],
    queryFn: () => catalogApi.categoryApps(slug, { sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, country }),
    placeholderData: keepPreviousData,
  });
  const name = q.data?.category.name;
  usePageTitle(name ?? 'Category');
  if (isApiError(q.error) && q.error.code === 'unknown_category') return <NotFoundPage what="category" />;

  const Icon = categoryIcon(name ?? '');
  const pageCount = q.data ? Math.ceil(q.data.total / PAGE_SIZE) : 0;
  return (
    <div className="container page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/categories">Categories</Link>
      </nav>
      <header className="page-header" style={{ '--hue': categoryHue(name ?? '') } as CSSProperties}>
        <span className="category-card__icon category-card__icon--lg" aria-hidden="true">
          <Icon size={30} />
        </span>
        <div>
          <h1 className="page-title">{name ?? <span className="skeleton" style={{ width: 200, height: 32 }} />}</h1>
          <p className="muted">{q.data ? `${formatNumber(q.data.total)} apps` : '\u00a0'}</p>
        </div>
      </header>
      <div className="toolbar">
        <SegmentedLinks
          label="Sort apps"
          items={[
            { label: 'Popular', to: withParams(pathname, params, { sort: undefined }), current: sort === 'popular' },
            { label: 'New', to: withParams(pathname, params, { sort: 'new' }), current: sort === 'new' },
          ]}
        />
        {pageCount > 1 && (
          <p className="muted small">
            Page {page} of {formatNumber(pageCount)}
          </p>
        )}
      </div>
      {q.isPending ? (
        <TileSkeletons count={12} />
      ) : q.data && q.data.apps.length > 0 ? (
        <div className={q.isPlaceholderData ? 'is-stale' : undefined}>
          <AppGrid apps={q.data.apps} ranked={sort === 'popular'} offset={(page - 1) * PAGE_SIZE} />
        </div>
      ) : q.data ? (
        <EmptyState icon={PackageOpen} title="No apps here yet" action={<Link to="/">Back to Discover</Link>}>
          {page > 1 ? 'This page is past the end of the list.' : 'Be the first developer to publish in this category.'}
        </EmptyState>
      ) : null}
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
    </div>
  );
}
