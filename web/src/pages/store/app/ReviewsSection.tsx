/**
 * Reviews for an app, most helpful first. The reviews API is built separately: until it
 * exists (404) this shows the empty state rather than an error.
 */
import { useQuery } from '@tanstack/react-query';
import { MessageSquareText } from 'lucide-react';
import { isApiError } from '../../../api/client';
import { storeApi } from '../../../api/store';
import type { Review } from '../../../api/types';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RatingStars } from '../../../components/RatingStars';
import { Skeleton } from '../../../components/Skeleton';
import { formatDate } from '../../../lib/format';

const authorOf = (r: Review) => r.author?.displayName ?? 'A customer';

export function ReviewsSection({ bundleId }: { bundleId: string }) {
  const q = useQuery({ queryKey: ['reviews', bundleId, 'helpful'], queryFn: () => storeApi.reviews(bundleId, 'helpful'), retry: false });
  const missing = isApiError(q.error) && q.error.status === 404;
  const reviews = q.data?.reviews ?? [];
  return (
    <section className="section" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {q.isPending ? (
        <div className="review-list" aria-busy="true">
          <Skeleton height={96} radius={16} />
        </div>
      ) : reviews.length > 0 ? (
        <ul className="review-list">
          {reviews.slice(0, 6).map((r) => (
            <li key={r.id} className="review card">
              <div className="review__head">
                <RatingStars value={r.rating} />
                {r.title && <h3 className="review__title">{r.title}</h3>}
              </div>
              {r.body && <p className="review__body">{r.body}</p>}
              <p className="muted small">
                {authorOf(r)}
                {r.createdAt ? ` · ${formatDate(r.createdAt)}` : ''}
                {r.edited ? ' · edited' : ''}
              </p>
              {r.response?.body && (
                <div className="review__response">
                  <p className="small strong">Developer response</p>
                  <p className="small">{r.response.body}</p>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : q.data || missing ? (
        <EmptyState icon={MessageSquareText} title="No reviews yet">
          Reviews from people who use this app will appear here.
        </EmptyState>
      ) : null}
      {!missing && <ErrorNotice error={q.error} onRetry={() => q.refetch()} />}
    </section>
  );
}
