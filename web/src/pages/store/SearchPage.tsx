/**
 * Search results with filters (category, price, minimum rating), facet counts, highlighted
 * query terms and did-you-mean. The filters live in the URL. Until the search API exists
 * (404) the page says so and offers the categories instead.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SearchX, Telescope, TrendingUp, Wrench } from 'lucide-react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { storeApi } from '../../api/store';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pagination } from '../../components/Pagination';
import { formatNumber } from '../../lib/format';
import { useCountry } from '../../lib/session';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';
import { SearchFilters } from './search/SearchFilters';
import { SearchResults } from './search/SearchResults';

const PAGE_SIZE = 20;

/** What other shoppers searched for this week: links that run the search. */
function TrendingSearches() {
  const trending = useQuery({
    queryKey: ['search-trending'],
    queryFn: ({ signal }) => storeApi.trending(signal),
    staleTime: 300_000,
    retry: false,
  });
  const queries = trending.data ?? [];
  if (queries.length === 0) return null;
  return (
    <section className="trending" aria-labelledby="trending-title">
      <h2 id="trending-title" className="trending__title">
        <TrendingUp size={18} aria-hidden="true" /> Trending searches
      </h2>
      <ul className="facets">
        {queries.map((t) => (
          <li key={t.query}>
            <Link className="facet" to={`/search?q=${encodeURIComponent(t.query)}`}>
              {t.query}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SearchPage() {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const country = useCountry();
  const q = (params.get('q') ?? '').trim();
  const category = params.get('category') ?? undefined;
  const price = (['free', 'paid'] as const).find((p) => p === params.get('price'));
  const minRating = Number(params.get('minRating')) || undefined;
  const page = pageFrom(params);
  usePageTitle(q ? `“${q}”` : 'Search');

  const search = useQuery({
    queryKey: ['search', q, category, price, minRating, page, country],
    queryFn: ({ signal }) =>
      storeApi.search({ q, category, price, minRating, country, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const set = (changes: Record<string, string | number | undefined>) => navigate(withParams(pathname, params, changes));
  const missing = isApiError(search.error) && search.error.isMissingEndpoint;
  const data = search.data;
  const filtered = Boolean(category || price || minRating);
  const pageCount = data ? Math.ceil(Math.min(data.total, 10_000) / PAGE_SIZE) : 0;

  if (!q) {
    return (
      <div className="container page">
        <h1 className="page-title">Search</h1>
        <EmptyState icon={Telescope} title="What are you looking for?" action={<Link to="/categories">Browse categories</Link>}>
          Type an app name, a developer or what you want to do — like “budget”, “photo editor” or “learn Spanish”.
        </EmptyState>
        <TrendingSearches />
      </div>
    );
  }

  return (
    <div className="container page search-page">
      <header className="search-page__head">
        <h1 className="page-title">
          Results for <q>{q}</q>
        </h1>
        <p className="muted small" aria-live="polite">
          {data
            ? `${data.totalExact === false ? 'About ' : ''}${formatNumber(data.total)} ${data.total === 1 ? 'app' : 'apps'} · ${Math.round(data.tookMs * 10) / 10} ms`
            : '\u00a0'}
        </p>
        {data?.didYouMean && data.didYouMean.toLowerCase() !== q.toLowerCase() && (
          <p className="did-you-mean">
            Did you mean{' '}
            <Link to={withParams(pathname, params, { q: data.didYouMean })}>
              <strong>{data.didYouMean}</strong>
            </Link>
            ?
          </p>
        )}
        {data?.degraded && (
          <p className="notice notice--info small">
            <Wrench size={16} aria-hidden="true" /> Search is running in basic mode right now, so results may be less precise.
          </p>
        )}
      </header>
      <div className={missing ? undefined : 'search-layout'}>
        {!missing && <SearchFilters category={category} price={price} minRating={minRating} facets={data?.facets} onChange={set} />}
        <div className="search-layout__results">
          {missing ? (
            <EmptyState icon={Wrench} title="Search is almost here" action={<Link to="/categories">Browse categories</Link>}>
              Search isn’t available in this store yet. Meanwhile, the categories have every app.
            </EmptyState>
          ) : search.isPending ? (
            <SearchResults.Skeleton />
          ) : data && data.results.length > 0 ? (
            <div className={search.isPlaceholderData ? 'is-stale' : undefined}>
              <SearchResults results={data.results} query={q} />
            </div>
          ) : data ? (
            <EmptyState
              icon={SearchX}
              title={`No results for “${q}”`}
              action={
                filtered ? (
                  <button
                    type="button"
                    className="btn btn--ghost"
                    onClick={() => set({ category: undefined, price: undefined, minRating: undefined })}
                  >
                    Clear filters
                  </button>
                ) : (
                  <Link to="/categories">Browse categories</Link>
                )
              }
            >
              <ul className="tips">
                {data.didYouMean && (
                  <li>
                    Try <Link to={withParams(pathname, params, { q: data.didYouMean })}>{data.didYouMean}</Link> instead.
                  </li>
                )}
                <li>Check the spelling, or try a shorter or more general word.</li>
                {filtered && <li>Remove a filter to see more apps.</li>}
                <li>Search by what the app does, like “notes” or “weather radar”.</li>
              </ul>
            </EmptyState>
          ) : null}
          {!missing && <ErrorNotice error={search.error} onRetry={() => search.refetch()} />}
          <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
        </div>
      </div>
    </div>
  );
}
