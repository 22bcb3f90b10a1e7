import { formatCount } from '../lib/format';
import { RatingStars } from './RatingStars';

/** Stars plus a compact rating count ("New" before the first rating), as lists show them. */
export function RatingLine({ average, count }: { average: number; count: number }) {
  return (
    <span className="rating-line">
      <RatingStars value={average} count={count} />
      <span className="muted small">{count > 0 ? formatCount(count) : 'New'}</span>
    </span>
  );
}
