import { ArrowDown, ArrowUp, Minus, Sparkle } from 'lucide-react';
import type { Movement } from '../api/charts';

/** Chart movement since the previous run: new, up n, down n or unchanged. */
export function MovementBadge({ movement, rank, previousRank }: { movement: Movement; rank: number; previousRank: number | null }) {
  if (movement === 'new')
    return (
      <span className="movement movement--new" title="New in this chart">
        <Sparkle size={12} aria-hidden="true" /> New
      </span>
    );
  if (movement === 'same' || previousRank === null)
    return (
      <span className="movement movement--same" title="No change">
        <Minus size={12} aria-hidden="true" />
        <span className="sr-only">No change</span>
      </span>
    );
  const by = Math.abs(previousRank - rank);
  return movement === 'up' ? (
    <span className="movement movement--up" title={`Up ${by} from ${previousRank}`}>
      <ArrowUp size={12} aria-hidden="true" /> {by}
      <span className="sr-only"> places up</span>
    </span>
  ) : (
    <span className="movement movement--down" title={`Down ${by} from ${previousRank}`}>
      <ArrowDown size={12} aria-hidden="true" /> {by}
      <span className="sr-only"> places down</span>
    </span>
  );
}
