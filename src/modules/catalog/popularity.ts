/**
 * Browse order for category pages ("popular"): log-scaled downloads plus a Bayesian rating
 * term, so a handful of 5-star ratings cannot outrank an app loved by thousands. The top
 * charts (charts module) use a richer, manipulation-resistant score; this one is cheap and
 * computed on write.
 */
export const RATING_PRIOR_MEAN = 3.5;
export const RATING_PRIOR_WEIGHT = 100;

export function bayesianRating(average: number, count: number, prior = RATING_PRIOR_MEAN, weight = RATING_PRIOR_WEIGHT): number {
  if (count <= 0) return prior;
  return (weight * prior + average * count) / (weight + count);
}

export function popularityScore(downloads: number, ratingAverage: number, ratingCount: number): number {
  const d = Math.log10(1 + Math.max(0, downloads));
  const q = bayesianRating(ratingAverage, ratingCount) / 5;
  return Math.round((d + 2 * q) * 1e6) / 1e6;
}

/**
 * A plausible 1..5 histogram for an imported average and count (imports carry no histogram):
 * a J-shaped distribution whose mean matches the average.
 */
export function synthHistogram(average: number, count: number): [number, number, number, number, number] {
  if (count <= 0 || !(average >= 1)) return [0, 0, 0, 0, 0];
  const a = Math.min(5, Math.max(1, average));
  // mix a "lovers" mass at 5 and "haters" at 1 with a middle hump, solved for the mean
  const base = [0.08, 0.06, 0.12, 0.24, 0.5];
  const mean = (w: number[]) => w.reduce((s, v, i) => s + v * (i + 1), 0) / w.reduce((s, v) => s + v, 0);
  let lo = -4;
  let hi = 4;
  let w = base;
  for (let it = 0; it < 40; it++) {
    const t = (lo + hi) / 2;
    w = base.map((v, i) => v * Math.exp(t * (i - 2)));
    if (mean(w) < a) lo = t;
    else hi = t;
  }
  const total = w.reduce((s, v) => s + v, 0);
  const counts = w.map((v) => Math.floor((v / total) * count));
  let rest = count - counts.reduce((s, v) => s + v, 0);
  for (let i = 4; rest > 0; i = (i + 4) % 5, rest--) counts[i] = (counts[i] ?? 0) + 1;
  return counts as [number, number, number, number, number];
}
