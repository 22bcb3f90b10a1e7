import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { consoleApi } from '../../../api/console';
import { developerReviewsApi } from '../../../api/moderation';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RatingHistogram } from '../../../components/RatingHistogram';
import { RatingStars } from '../../../components/RatingStars';
import { useToast } from '../../../components/Toast';
import { formatDate, formatRating } from '../../../lib/format';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AppFrame } from '../AppFrame';
import { ReviewInbox } from './ReviewInbox';

/** Reviews across all of the developer's apps. */
export function AllReviewsPage() {
  usePageTitle('Reviews');
  const apps = useQuery({ queryKey: ['my-apps', 'all'], queryFn: () => consoleApi.myApps({ limit: 50, offset: 0 }) });
  return (
    <div className="stack-lg">
      <h1 className="page-title">Reviews of my apps</h1>
      <ReviewInbox appOptions={apps.data?.apps.map((a) => ({ value: a.bundleId, label: a.name }))} />
    </div>
  );
}

/** One app's reviews, with its rating summary and the reset a new version may warrant. */
export function AppReviewsPage() {
  return (
    <AppFrame section="Reviews">
      {(app) => (
        <>
          {app.status === 'live' && <RatingSummaryPanel bundleId={app.bundleId} version={app.version} />}
          <ReviewInbox bundleId={app.bundleId} />
        </>
      )}
    </AppFrame>
  );
}

function RatingSummaryPanel({ bundleId, version }: { bundleId: string; version: string | null | undefined }) {
  const qc = useQueryClient();
  const toast = useToast();
  const key = ['ratings', bundleId];
  const q = useQuery({ queryKey: key, queryFn: () => developerReviewsApi.ratings(bundleId) });
  const [confirming, setConfirming] = useState(false);
  const reset = useMutation({
    mutationFn: () => developerReviewsApi.resetRatings(bundleId, version ?? undefined),
    onSuccess: (s) => {
      qc.setQueryData(key, s);
      void qc.invalidateQueries({ queryKey: ['app', bundleId] });
      setConfirming(false);
      toast('Rating summary reset. Your reviews stay visible.');
    },
  });
  const s = q.data;
  return (
    <section className="card panel" aria-labelledby="rating-summary-title">
      <h2 id="rating-summary-title">Rating summary</h2>
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {s && (
        <div className="rating-summary">
          <div>
            <p className="rating-summary__avg">{s.count ? formatRating(s.average) : '—'}</p>
            <RatingStars value={s.average} count={s.count} />
            <p className="muted small">
              {s.count} rating{s.count === 1 ? '' : 's'} · ranking score {formatRating(s.bayesianAverage)}
              {s.updatedAt && ` · since ${formatDate(s.updatedAt)}`}
            </p>
          </div>
          <RatingHistogram histogram={s.histogram} />
        </div>
      )}
      <p className="muted small">
        Shipping a version that fixes what people complained about? Reset the summary so the rating reflects the new version. Reviews stay
        visible.
      </p>
      {confirming ? (
        <div className="row-actions">
          <button type="button" className="btn btn--danger" onClick={() => reset.mutate()} disabled={reset.isPending}>
            {reset.isPending ? 'Resetting…' : `Yes, reset the rating${version ? ` for ${version}` : ''}`}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn--danger-ghost" onClick={() => setConfirming(true)}>
          <RotateCcw size={16} aria-hidden="true" /> Reset rating summary…
        </button>
      )}
      <ErrorNotice error={reset.error} />
    </section>
  );
}
