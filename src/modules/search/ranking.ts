/** Pure ranking helpers of the search index: impact buckets, name evidence, quality. */
import { type QueryTerm, stem } from './analyzer.js';
import { boundedDistance, fuzziness } from './dictionary.js';

/** Impact bucket of a pseudo tf: log-scaled, 32 buckets per doubling, 0..255. */
export function tfBucket(tf: number): number {
  const b = Math.floor(Math.log2(1 + tf) * 32);
  return Math.min(255, Math.max(0, b));
}

/** The largest tf that falls in bucket b (255 is open-ended). */
export function bucketUpperTf(b: number): number {
  return b >= 255 ? Number.POSITIVE_INFINITY : 2 ** ((b + 1) / 32) - 1;
}

/**
 * Share of query terms found among the name's words: equal, equal after stemming, a prefix
 * (last term while typing), within the typo budget, or joined ("quiz up" in "quizup").
 */
export function nameCoverage(name: string, terms: QueryTerm[], prefixLast: boolean): number {
  if (terms.length === 0) return 0;
  const words = name.split(' ');
  const compact = words.join('');
  let hit = 0;
  terms.forEach((t, i) => {
    const last = i === terms.length - 1;
    const k = fuzziness(t.raw.length);
    for (const w of words) {
      if (
        w === t.raw ||
        stem(w) === t.term ||
        (last && prefixLast && t.raw.length >= 2 && w.startsWith(t.raw)) ||
        (k > 0 && boundedDistance(w, t.raw, k) <= k)
      ) {
        hit++;
        return;
      }
    }
    if (t.raw.length >= 3 && compact.includes(t.raw)) hit += 0.8;
  });
  return hit / terms.length;
}

/**
 * Quality in [0, 1] (DESIGN.md's formula, each part normalised): 0.3·rating + 0.2·log1p(ratings)
 * + 0.3·log1p(downloads) + 0.2·engagement. Engagement is not in the catalog yet, so its weight
 * goes to a Bayesian-smoothed rating (a handful of 5-star ratings cannot look like thousands).
 */
export function qualityOf(ratingAverage: number, ratingCount: number, downloads: number): number {
  const bayes = (100 * 3.5 + ratingAverage * ratingCount) / (100 + Math.max(0, ratingCount));
  const rating = ratingCount > 0 ? ratingAverage / 5 : 0.5;
  const logCount = Math.min(1, Math.log1p(Math.max(0, ratingCount)) / Math.log1p(1e7));
  const logDownloads = Math.min(1, Math.log1p(Math.max(0, downloads)) / Math.log1p(1e9));
  return 0.3 * rating * Math.min(1, ratingCount / 50 + 0.5) + 0.2 * logCount + 0.3 * logDownloads + 0.2 * (bayes / 5);
}
