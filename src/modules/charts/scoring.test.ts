import { describe, expect, it } from 'vitest';
import { clusterFactor, detectSpike, engagementScore, ratingQuality, TopK, trustScore } from './scoring.js';

describe('chart scoring', () => {
  it('holds only what is far above an app’s own baseline', () => {
    const steady = [100, 110, 95, 105, 98, 102, 99];
    expect(detectSpike(steady, 120, { z: 6, minCount: 50 })).toBeNull();
    const spike = detectSpike(steady, 5000, { z: 6, minCount: 50 });
    expect(spike).not.toBeNull();
    expect(spike?.baseline).toBe(100);
    expect(spike?.held).toBeGreaterThan(4800);
    // a brand-new app's first burst is held above the minimum; small days never are
    expect(detectSpike([], 5000, { z: 6, minCount: 50 })?.held).toBe(4950);
    expect(detectSpike([], 40, { z: 6, minCount: 50 })).toBeNull();
  });

  it('trusts established, paying, varied accounts and distrusts fresh, bursty, shared ones', () => {
    const est = trustScore({ ageDays: 400, paid: true, distinctApps: 12, maxPerDay: 3, fingerprintShare: 1 });
    const fresh = trustScore({ ageDays: 0.1, paid: false, distinctApps: 1, maxPerDay: 1, fingerprintShare: 1 });
    const bot = trustScore({ ageDays: 0.1, paid: false, distinctApps: 60, maxPerDay: 60, fingerprintShare: 40 });
    expect(est).toBe(1);
    expect(fresh).toBeLessThan(0.1);
    expect(bot).toBeLessThan(fresh);
    expect(clusterFactor(5, 20)).toBe(1);
    expect(clusterFactor(5000, 20)).toBeLessThan(0.1);
  });

  it('computes the reference rating and engagement parts', () => {
    expect(ratingQuality(0, 0, { mean: 3.5, confidence: 100 })).toBe(0);
    // 50 ratings of 5 with C = 100, m = 3.5: bayes = (350 + 250) / 150 = 4
    expect(ratingQuality(250, 50, { mean: 3.5, confidence: 100 })).toBeCloseTo(0.8);
    expect(engagementScore(0.5, 20, 0.5)).toBeCloseTo(0.2 + 0.3 + 0.15);
  });

  it('keeps the k best, best first, ties by index', () => {
    const top = new TopK(3);
    for (const [i, s] of [5, 1, 9, 7, 9, 3].entries()) top.push(i, s);
    expect(top.sorted()).toEqual([
      { index: 2, score: 9 },
      { index: 4, score: 9 },
      { index: 3, score: 7 },
    ]);
  });
});
