/**
 * One review: stars, title, text (always rendered as text), author and date, the developer's
 * response, helpful / not helpful votes and a way to report it. Votes show at once and are
 * reconciled with the counts the server answers.
 */
import { useMutation } from '@tanstack/react-query';
import { Flag, ThumbsDown, ThumbsUp } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { reviewsApi, type StoreReview, type Vote, type VoteResult } from '../../../../api/reviews';
import { RatingStars } from '../../../../components/RatingStars';
import { useToast } from '../../../../components/Toast';
import { formatDate, formatNumber } from '../../../../lib/format';
import { problemMessage } from '../../../../lib/problems';
import { ReportSheet } from './ReportSheet';

const authorOf = (r: StoreReview) => r.author?.displayName ?? 'A customer';

interface Props {
  review: StoreReview;
  /** Votes and reports are offered (a signed-out viewer is sent to sign in first). */
  interactive: boolean;
  signedIn: boolean;
  /** Extra content under the review (the author's own controls). */
  children?: ReactNode;
  headingLevel?: 'h3' | 'h4';
}

export function ReviewCard({ review: r, interactive, signedIn, children, headingLevel: H = 'h3' }: Props) {
  const [votes, setVotes] = useState<VoteResult | null>(null);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  const toast = useToast();
  const navigate = useNavigate();
  const location = useLocation();
  const current: VoteResult = votes ?? {
    helpfulCount: r.helpfulCount ?? 0,
    unhelpfulCount: r.unhelpfulCount ?? 0,
    myVote: r.myVote ?? null,
  };

  const vote = useMutation({
    // The choice is made at click time: pressing the pressed button withdraws the vote.
    mutationFn: (next: Vote | null) => (next === null ? reviewsApi.unvote(r.id) : reviewsApi.vote(r.id, next === 'helpful')),
    onMutate: (target) => {
      const before = current;
      const next = { ...before };
      if (before.myVote === 'helpful') next.helpfulCount--;
      if (before.myVote === 'not_helpful') next.unhelpfulCount--;
      next.myVote = target;
      if (next.myVote === 'helpful') next.helpfulCount++;
      if (next.myVote === 'not_helpful') next.unhelpfulCount++;
      setVotes(next);
      return { before };
    },
    onSuccess: (res) => setVotes(res),
    onError: (err, _v, ctx) => {
      if (ctx) setVotes(ctx.before);
      toast(problemMessage(err), 'error');
    },
  });

  const needSignIn = () => navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
  const onVote = (v: Vote) => (signedIn ? vote.mutate(current.myVote === v ? null : v) : needSignIn());

  return (
    <article className="review card" aria-labelledby={`review-${r.id}`}>
      <div className="review__head">
        <RatingStars value={r.rating} />
        <H className="review__title" id={`review-${r.id}`}>
          {r.title || <span className="sr-only">{`${r.rating}-star review by ${authorOf(r)}`}</span>}
        </H>
      </div>
      {r.body && <p className="review__body">{r.body}</p>}
      <p className="muted small">
        {authorOf(r)}
        {r.createdAt ? ` · ${formatDate(r.createdAt)}` : ''}
        {r.appVersion ? ` · version ${r.appVersion}` : ''}
        {r.edited ? ' · edited' : ''}
      </p>
      {r.response?.body && (
        <div className="review__response">
          <p className="small strong">Developer response</p>
          <p className="small review__body">{r.response.body}</p>
          {r.response.createdAt && <p className="muted small">{formatDate(r.response.updatedAt ?? r.response.createdAt)}</p>}
        </div>
      )}
      {interactive && (
        <div className="review__actions">
          <span className="muted small" id={`votes-${r.id}`}>
            {current.helpfulCount > 0
              ? `${formatNumber(current.helpfulCount)} ${current.helpfulCount === 1 ? 'person' : 'people'} found this helpful`
              : 'Was this helpful?'}
          </span>
          <button
            type="button"
            className="chip-btn"
            aria-pressed={current.myVote === 'helpful'}
            aria-describedby={`votes-${r.id}`}
            onClick={() => onVote('helpful')}
            disabled={vote.isPending}
          >
            <ThumbsUp size={16} aria-hidden="true" /> Helpful
          </button>
          <button
            type="button"
            className="chip-btn"
            aria-pressed={current.myVote === 'not_helpful'}
            aria-describedby={`votes-${r.id}`}
            onClick={() => onVote('not_helpful')}
            disabled={vote.isPending}
          >
            <ThumbsDown size={16} aria-hidden="true" /> Not helpful
          </button>
          <button
            type="button"
            className="chip-btn chip-btn--quiet"
            onClick={() => (signedIn ? setReporting(true) : needSignIn())}
            disabled={reported}
            aria-haspopup="dialog"
          >
            <Flag size={16} aria-hidden="true" /> {reported ? 'Reported' : 'Report'}
          </button>
        </div>
      )}
      {children}
      {signedIn && (
        <ReportSheet
          review={r}
          open={reporting}
          onClose={() => setReporting(false)}
          onReported={() => {
            setReported(true);
            setReporting(false);
            toast('Thanks. A moderator will look at this review.');
          }}
        />
      )}
    </article>
  );
}
