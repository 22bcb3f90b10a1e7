import { formatRating } from '../lib/format';

const STAR = 'M12 2.5l2.94 6.08 6.56.92-4.78 4.6 1.17 6.6L12 17.56 6.11 20.7l1.17-6.6L2.5 9.5l6.56-.92z';

function Stars({ className }: { className: string }) {
  return (
    <svg className={className} viewBox="0 0 120 24" aria-hidden="true" focusable="false">
      {[0, 1, 2, 3, 4].map((i) => (
        <path key={i} d={STAR} transform={`translate(${i * 24} 0)`} />
      ))}
    </svg>
  );
}

/** Five stars filled to the average; screen readers hear the number instead. */
export function RatingStars({ value, count, size = 'sm' }: { value: number; count?: number; size?: 'sm' | 'lg' }) {
  const pct = Math.max(0, Math.min(100, (value / 5) * 100));
  const label =
    count === 0 ? 'No ratings yet' : `Rated ${formatRating(value)} out of 5${count !== undefined ? ` from ${count} ratings` : ''}`;
  return (
    <span className={`stars stars--${size}`} role="img" aria-label={label}>
      <Stars className="stars__empty" />
      <span className="stars__fill" style={{ width: `${pct}%` }}>
        <Stars className="stars__full" />
      </span>
    </span>
  );
}
