import type { Screenshot } from '../../../api/types';

/** A horizontally scrolling strip of screenshots (scroll-snap; keyboard-scrollable as a focusable region). */
export function Screenshots({ shots, appName }: { shots: Screenshot[]; appName: string }) {
  if (shots.length === 0) return null;
  return (
    <section className="section" aria-labelledby="shots-title">
      <h2 id="shots-title">Screenshots</h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll with the keyboard */}
      <ul className="shots" tabIndex={0} aria-label={`${appName} screenshots`}>
        {shots.map((s, i) => (
          <li key={s.sha256 + s.position} className="shots__item">
            <img src={s.url} alt={`${appName} screenshot ${i + 1} of ${shots.length}`} loading="lazy" />
          </li>
        ))}
      </ul>
    </section>
  );
}
