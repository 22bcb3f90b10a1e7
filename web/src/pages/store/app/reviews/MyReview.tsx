/**
 * The signed-in shopper's own review: shown at once after they write it (whatever its moderation
 * status), with edit and delete; or a way to write one when they own the app; or a plain
 * explanation of why they can't yet.
 */
import { useMutation } from '@tanstack/react-query';
import { PenLine, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { reviewsApi, type StoreReview } from '../../../../api/reviews';
import { useToast } from '../../../../components/Toast';
import { problemMessage } from '../../../../lib/problems';
import { ReviewCard } from './ReviewCard';
import { ReviewForm } from './ReviewForm';
import { STATUS_TEXT } from './review-labels';

interface Props {
  bundleId: string;
  appName: string;
  signedIn: boolean;
  /** Whether the shopper owns the app; undefined while unknown (then the server decides). */
  owned: boolean | undefined;
  mine: StoreReview | null;
  onChanged: (mine: StoreReview | null) => void;
}

export function MyReview({ bundleId, appName, signedIn, owned, mine, onChanged }: Props) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => reviewsApi.remove((mine as StoreReview).id),
    onSuccess: () => {
      setConfirming(false);
      onChanged(null);
      toast('Your review was deleted.');
    },
    onError: (err) => toast(problemMessage(err), 'error'),
  });

  if (!signedIn) {
    return (
      <p className="my-review__cta muted">
        <Link to={`/signin?next=${encodeURIComponent(`/apps/${bundleId}`)}`}>Sign in</Link> to rate and review {appName}.
      </p>
    );
  }
  if (editing) {
    return (
      <ReviewForm
        bundleId={bundleId}
        existing={mine}
        onCancel={() => setEditing(false)}
        onSaved={(review, created) => {
          setEditing(false);
          onChanged(review);
          toast(created ? 'Thanks for your review!' : 'Your review was updated.');
        }}
      />
    );
  }
  if (mine) {
    const status = mine.status ? STATUS_TEXT[mine.status] : undefined;
    return (
      <section className="my-review" aria-labelledby="my-review-title">
        <h3 id="my-review-title" className="my-review__title">
          Your review {status && <span className={`badge badge--review-${mine.status}`}>{status.badge}</span>}
        </h3>
        {status && mine.status !== 'approved' && <p className="muted small">{status.text}</p>}
        <ReviewCard review={mine} interactive={false} signedIn headingLevel="h4">
          <div className="row-actions">
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(true)}>
              <PenLine size={16} aria-hidden="true" /> Edit
            </button>
            {confirming ? (
              <>
                <span className="small">Delete your review?</span>
                <button type="button" className="btn btn--danger btn--sm" onClick={() => remove.mutate()} disabled={remove.isPending}>
                  {remove.isPending ? 'Deleting…' : 'Yes, delete'}
                </button>
                <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="btn btn--danger-ghost btn--sm" onClick={() => setConfirming(true)}>
                <Trash2 size={16} aria-hidden="true" /> Delete
              </button>
            )}
          </div>
        </ReviewCard>
      </section>
    );
  }
  if (owned === false) {
    return (
      <p className="notice notice--info my-review__cta">
        Only people who have {appName} can review it. Get it first, then come back to share what you think.
      </p>
    );
  }
  return (
    <div className="my-review__cta">
      <button type="button" className="btn btn--primary" onClick={() => setEditing(true)}>
        <PenLine size={16} aria-hidden="true" /> Write a review
      </button>
    </div>
  );
}
