import { Link } from 'react-router-dom';

/** A small set of mutually exclusive views (e.g. sort order) as links; the current one is marked. */
export function SegmentedLinks({ label, items }: { label: string; items: Array<{ label: string; to: string; current: boolean }> }) {
  return (
    <nav className="segmented" aria-label={label}>
      {items.map((i) => (
        <Link key={i.label} to={i.to} className="segmented__item" aria-current={i.current ? 'true' : undefined}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
}
