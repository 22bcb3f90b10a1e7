import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Link } from 'react-router-dom';

/** Page numbers to show: first, last, and a window around the current page, with gaps as null. */
export function pageWindow(page: number, pageCount: number): Array<number | null> {
  const pages = new Set([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((p, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev > 1) out.push(null);
    out.push(p);
  });
  return out;
}

/** Links to pages of a list; the page lives in the URL so it survives reloads and sharing. */
export function Pagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (page: number) => string }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link className="pagination__step" to={hrefFor(page - 1)} rel="prev">
          <ChevronLeft size={18} aria-hidden="true" /> Previous
        </Link>
      ) : (
        <span className="pagination__step is-disabled" aria-hidden="true">
          <ChevronLeft size={18} /> Previous
        </span>
      )}
      <ol className="pagination__pages">
        {pageWindow(page, pageCount).map((p, i) =>
          p === null ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity
            <li key={`gap-${i}`} className="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <Link className="pagination__page" to={hrefFor(p)} aria-current={p === page ? 'page' : undefined} aria-label={`Page ${p}`}>
                {p}
              </Link>
            </li>
          ),
        )}
      </ol>
      {page < pageCount ? (
        <Link className="pagination__step" to={hrefFor(page + 1)} rel="next">
          Next <ChevronRight size={18} aria-hidden="true" />
        </Link>
      ) : (
        <span className="pagination__step is-disabled" aria-hidden="true">
          Next <ChevronRight size={18} />
        </span>
      )}
    </nav>
  );
}
