/**
 * The chart formula's pure parts (docs/ranking.md): account trust, robust spike detection,
 * the normalised signals and their weighted sum, and a bounded top-k. No I/O here, so the
 * ranking job, tests and benchmarks share exactly the same arithmetic.
 */

export interface ChartWeights {
  velocity: number;
  rating: number;
  engagement: number;
  revenue: number;
  freshness: number;
}

export interface TrustFeatures {
  ageDays: number;
  paid: boolean;
  /** Distinct apps the account downloaded in the window. */
  distinctApps: number;
  /** Most downloads the account made on one day in the window. */
  maxPerDay: number;
  /** Accounts (including this one) that share one of its device/network fingerprints. */
  fingerprintShare: number;
}

/**
 * Trust in [0.01, 1] of an account's downloads and ratings: established, paying, varied
 * accounts count fully; fresh single-purpose accounts, bursty ones and accounts that share a
 * device or network with many others count little. Clusters of accounts created together are
 * handled per app by `clusterFactor`.
 */
export function trustScore(f: TrustFeatures): number {
  const age = Math.min(1, Math.max(0, f.ageDays) / 30);
  const diversity = Math.min(1, f.distinctApps / 5);
  let t = 0.45 * age + 0.3 * (f.paid ? 1 : 0) + 0.25 * diversity;
  if (f.paid) t = Math.max(t, 0.5);
  // velocity: more than 20 downloads in a day is a script, not a person browsing
  if (f.maxPerDay > 50) t *= 0.1;
  else if (f.maxPerDay > 20) t *= 0.4;
  // shared fingerprints: a phone farm or one NAT full of bots
  if (f.fingerprintShare > 20) t *= 0.1;
  else if (f.fingerprintShare > 5) t *= 0.5;
  return Math.min(1, Math.max(0.01, t));
}

/**
 * Accounts created in the same hour that download the same app form a cluster; past
 * `minSize` young accounts, each counts `1 / sqrt(size / minSize)` (so the cluster as a whole
 * grows only with the square root of its size).
 */
export function clusterFactor(size: number, minSize: number): number {
  return size <= minSize ? 1 : 1 / Math.sqrt(size / minSize);
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export interface Spike {
  baseline: number;
  /** The most that counts without review: median + z·scale (never below minCount). */
  threshold: number;
  z: number;
  held: number;
}

/**
 * Robust z-score of today's count against the app's own history (median and MAD, scaled to
 * a standard deviation; +1 so a flat zero history still has a scale). A spike holds the excess
 * over the threshold; nothing below `minCount` is ever held.
 */
export function detectSpike(history: number[], today: number, opts: { z: number; minCount: number }): Spike | null {
  const med = median(history);
  const mad = median(history.map((x) => Math.abs(x - med)));
  const scale = 1.4826 * mad + 1 + 0.1 * med;
  const z = (today - med) / scale;
  const threshold = Math.max(opts.minCount, med + opts.z * scale);
  if (z <= opts.z || today <= threshold) return null;
  return { baseline: med, threshold, z, held: Math.floor(today - threshold) };
}

/** Bayesian rating quality in [0, 1]: bayes·min(1, count/50)/5. */
export function ratingQuality(sum: number, count: number, prior: { mean: number; confidence: number }): number {
  if (count <= 0) return 0;
  const bayes = (prior.confidence * prior.mean + sum) / (prior.confidence + count);
  return (bayes * Math.min(1, count / 50)) / 5;
}

/** engagement = 0.4·DAU/MAU + 0.3·min(avg session minutes / 10, 1) + 0.3·day-7 retention. */
export function engagementScore(stickiness: number, avgSessionMinutes: number, day7Retention: number): number {
  return 0.4 * Math.min(1, stickiness) + 0.3 * Math.min(avgSessionMinutes / 10, 1) + 0.3 * Math.min(1, day7Retention);
}

/** New releases and recent updates: 1 on release day, fading over about a month. */
export function freshness(daysSinceRelease: number, daysSinceUpdate: number): number {
  return Math.max(Math.exp(-Math.max(0, daysSinceRelease) / 30), 0.5 * Math.exp(-Math.max(0, daysSinceUpdate) / 30));
}

/** Decay of a download `daysAgo` old in the velocity sum (7-day time constant). */
export const decay = (daysAgo: number) => Math.exp(-daysAgo / 7);

/** A bounded min-heap keeping the k largest scores (ties: smaller index first). */
export class TopK {
  readonly idx: number[] = [];
  readonly score: number[] = [];
  constructor(readonly k: number) {}

  private less(i: number, j: number): boolean {
    const a = this.score[i] as number;
    const b = this.score[j] as number;
    return a < b || (a === b && (this.idx[i] as number) > (this.idx[j] as number));
  }

  private swap(i: number, j: number) {
    const ti = this.idx[i] as number;
    this.idx[i] = this.idx[j] as number;
    this.idx[j] = ti;
    const ts = this.score[i] as number;
    this.score[i] = this.score[j] as number;
    this.score[j] = ts;
  }

  push(index: number, s: number): void {
    const n = this.idx.length;
    if (n < this.k) {
      this.idx.push(index);
      this.score.push(s);
      let c = n;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.less(c, p)) break;
        this.swap(c, p);
        c = p;
      }
      return;
    }
    if (s < (this.score[0] as number) || (s === this.score[0] && index > (this.idx[0] as number))) return;
    this.idx[0] = index;
    this.score[0] = s;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === p) break;
      this.swap(m, p);
      p = m;
    }
  }

  /** Best first. */
  sorted(): Array<{ index: number; score: number }> {
    return this.idx.map((index, i) => ({ index, score: this.score[i] as number })).sort((a, b) => b.score - a.score || a.index - b.index);
  }
}
