import type { AppDetail } from '../../../api/types';
import { RatingHistogram } from '../../../components/RatingHistogram';
import { RatingStars } from '../../../components/RatingStars';
import { formatNumber, formatRating } from '../../../lib/format';

export function RatingsSummary({ app }: { app: AppDetail }) {
  if (app.ratingCount === 0) return <p className="muted">No ratings yet. Be the first to rate {app.name}.</p>;
  return (
    <div className="ratings">
      <div className="ratings__score">
        <p className="ratings__average">{formatRating(app.ratingAverage)}</p>
        <RatingStars value={app.ratingAverage} size="lg" />
        <p className="muted small">{formatNumber(app.ratingCount)} ratings</p>
      </div>
      <RatingHistogram histogram={app.ratingHistogram} />
    </div>
  );
}
