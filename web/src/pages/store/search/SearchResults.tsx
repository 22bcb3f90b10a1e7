import { Link } from 'react-router-dom';
import type { SearchResult } from '../../../api/types';
import { AppIcon } from '../../../components/AppIcon';
import { Highlight } from '../../../components/Highlight';
import { Price } from '../../../components/Price';
import { RatingLine } from '../../../components/RatingLine';
import { Skeleton } from '../../../components/Skeleton';

/** Ranked results as rows, with the query's words marked in the name and developer. */
export function SearchResults({ results, query }: { results: SearchResult[]; query: string }) {
  return (
    <ol className="result-list">
      {results.map((r) => (
        <li key={r.bundleId}>
          <Link className="result" to={`/apps/${encodeURIComponent(r.bundleId)}`}>
            <AppIcon name={r.name} bundleId={r.bundleId} iconUrl={r.iconUrl ?? null} size={56} />
            <span className="result__body">
              <span className="result__name">
                <Highlight text={r.name} query={query} />
              </span>
              <span className="result__sub">
                <Highlight text={r.developer} query={query} /> · {r.category}
              </span>
              <RatingLine average={r.ratingAverage} count={r.ratingCount} />
            </span>
            <Price minor={r.priceMinor} currency={r.currency} className="price-pill" />
          </Link>
        </li>
      ))}
    </ol>
  );
}

SearchResults.Skeleton = function ResultSkeletons() {
  return (
    <ol className="result-list" aria-busy="true" aria-label="Loading results">
      {Array.from({ length: 6 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <li key={i} className="result">
          <Skeleton width={56} height={56} radius={13} />
          <span className="result__body">
            <Skeleton width="40%" />
            <Skeleton width="60%" height={12} />
          </span>
        </li>
      ))}
    </ol>
  );
};
