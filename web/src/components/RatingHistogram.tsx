import { formatNumber } from '../lib/format';

/** Bars for 5★ down to 1★ from `histogram` (counts of 1..5-star ratings). */
export function RatingHistogram({ histogram }: { histogram: number[] }) {
  const total = histogram.reduce((s, n) => s + n, 0);
  const max = Math.max(1, ...histogram);
  return (
    <ul className="histogram" aria-label="Rating distribution">
      {[5, 4, 3, 2, 1].map((stars) => {
        const n = histogram[stars - 1] ?? 0;
        const share = total ? Math.round((n / total) * 100) : 0;
        return (
          <li key={stars} className="histogram__row" aria-label={`${stars} stars: ${formatNumber(n)} ratings, ${share}%`}>
            <span className="histogram__label" aria-hidden="true">
              {stars}
            </span>
            <span className="histogram__track" aria-hidden="true">
              <span className="histogram__bar" style={{ width: `${(n / max) * 100}%` }} />
            </span>
            <span className="histogram__count" aria-hidden="true">
              {share}%
            </span>
          </li>
        );
      })}
    </ul>
  );
}
