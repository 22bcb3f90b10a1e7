/**
 * Reviews of an app: the shopper's own review first (read-your-writes: it shows at once, even
 * while it waits for moderation), then everyone's, sorted and paged through the URL
 * (`?sort=recent&page=2`) so a reload or a shared link keeps the view.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, MessageSquareText } from 'lucide-react';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { type ReviewPage, reviewsApi, type StoreReview } from '../../../api/reviews';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Skeleton } from '../../../components/Skeleton';
import { formatNumber } from '../../../lib/format';
import { useSession } from '../../../lib/session';
import { entryOf, useLibrary } from '../../../lib/useLibrary';
import { MyReview } from './reviews/MyReview';
import { ReviewCard } from './reviews/ReviewCard';
import { isSort, PAGE_SIZE, SORTS } from './reviews/review-labels';

export function ReviewsSection({ bundleId, appName = 'this app' }: { bundleId: string; appName?: string }) {
  const { me } = useSession();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const sortParam = params.get('sort');
  const sort = isSort(sortParam) ? sortParam : 'helpful';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const key = ['reviews', bundleId, sort, page, me?.user.id ?? null];
  const q = useQuery({
    queryKey: key,
    queryFn: () => reviewsApi.list(bundleId, { sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  // Ownership decides whether to offer "Write a review" (the server checks again).
  const library = useLibrary();
  const owned = library.data ? Boolean(entryOf(library.data, bundleId)) : undefined;

  const missing = isApiError(q.error) && q.error.status === 404;
  const mine = q.data?.mine ?? null;
  const reviews = (q.data?.reviews ?? []).filter((r) => r.id !== mine?.id);
  const total = q.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // The page of the reviews on screen (the previous page stays while the next one loads).
  const shownPage = q.data?.offset !== undefined && q.data.limit ? Math.floor(q.data.offset / q.data.limit) + 1 : page;

  const go = (next: { sort?: string; page?: number }) => {
    const p = new URLSearchParams(params);
    const s = next.sort ?? sort;
    const n = next.page ?? 1;
    if (s === 'helpful') p.delete('sort');
    else p.set('sort', s);
    if (n <= 1) p.delete('page');
    else p.set('page', String(n));
    setParams(p, { replace: true, preventScrollReset: true });
  };

  const onMineChanged = (review: StoreReview | null) => {
    // Show the author's change at once, then refresh every view of these reviews and the app's summary.
    qc.setQueryData<ReviewPage>(key, (old) => (old ? { ...old, mine: review } : old));
    void qc.invalidateQueries({ queryKey: ['reviews', bundleId] });
    void qc.invalidateQueries({ queryKey: ['app', bundleId] });
  };

  return (
    <section className="section" aria-labelledby="reviews-title" id="reviews">
      <div className="section__head reviews__head">
        <h2 id="reviews-title">Reviews</h2>
        {total > 0 && (
          <fieldset className="segmented">
            <legend className="sr-only">Sort reviews</legend>
            {SORTS.map((s) => (
              <button
                key={s.value}
                type="button"
                className="segmented__item"
                aria-pressed={s.value === sort}
                onClick={() => go({ sort: s.value })}
              >
                {s.label}
              </button>
            ))}
          </fieldset>
        )}
      </div>
      {!missing && (
        <MyReview bundleId={bundleId} appName={appName} signedIn={Boolean(me)} owned={owned} mine={mine} onChanged={onMineChanged} />
      )}
      {q.isPending ? (
        <div className="review-list" aria-busy="true">
          <Skeleton height={96} radius={16} />
        </div>
      ) : reviews.length > 0 ? (
        <>
          <p className="muted small" aria-live="polite">
            {formatNumber(total)} {total === 1 ? 'review' : 'reviews'}
            {pageCount > 1 ? ` · page ${shownPage} of ${pageCount}` : ''}
          </p>
          <ul className="review-list" aria-busy={q.isPlaceholderData}>
            {reviews.map((r) => (
              <li key={r.id}>
                <ReviewCard review={r} interactive signedIn={Boolean(me)} />
              </li>
            ))}
          </ul>
          {pageCount > 1 && (
            <nav className="pagination" aria-label="Review pages">
              <button type="button" className="pagination__step" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
                <ChevronLeft size={18} aria-hidden="true" /> Previous
              </button>
              <span className="small">
                Page {page} of {pageCount}
              </span>
              <button type="button" className="pagination__step" disabled={page >= pageCount} onClick={() => go({ page: page + 1 })}>
                Next <ChevronRight size={18} aria-hidden="true" />
              </button>
            </nav>
          )}
        </>
      ) : q.data && q.data.reviews.length === 0 && total > 0 ? (
        <p className="notice notice--info">
          <span>There are no reviews on this page.</span>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => go({ page: 1 })}>
            Go to the first page
          </button>
        </p>
      ) : (q.data?.reviews.length === 0 || missing) && !mine ? (
        <EmptyState icon={MessageSquareText} title="No reviews yet">
          Reviews from people who use this app will appear here.
        </EmptyState>
      ) : null}
      {!missing && <ErrorNotice error={q.error} onRetry={() => q.refetch()} />}
    </section>
  );
}
