import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedDistance, fuzzyLookup } from './dictionary.js';
import { type IndexDoc, SearchIndex } from './engine.js';
import type { TermGroup } from './postings.js';
import { rng } from './relevance.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';

const VOCAB =
  'photo editor budget tracker notes weather radar music piano chess quiz fitness yoga recipe travel map bank crypto news radio sleep kids math word puzzle camera video scanner calendar'.split(
    ' ',
  );
const CATS = ['Games', 'Productivity', 'Finance', 'Music', 'Photo & Video'];

function randomDocs(n: number, seed: number): IndexDoc[] {
  const r = rng(seed);
  const pick = () => VOCAB[Math.floor(r() ** 1.5 * VOCAB.length)] as string;
  const words = (k: number) => Array.from({ length: k }, pick).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    appId: `app-${seed}-${i}`,
    bundleId: `com.test.a${i}`,
    name: `${words(1 + Math.floor(r() * 3))}${r() < 0.2 ? ' Pro' : ''}`,
    subtitle: words(2),
    developer: `Dev ${Math.floor(r() * 20)}`,
    category: CATS[Math.floor(r() * CATS.length)] as string,
    description: words(5 + Math.floor(r() * 30)),
    keywords: [pick(), pick()],
    priceMinor: r() < 0.3 ? 199 : 0,
    currency: 'USD',
    ratingAverage: Math.round(r() * 50) / 10,
    ratingCount: Math.floor(r() * 1000),
    downloads: Math.floor(r() * 100000),
    availability: r() < 0.1 ? ['JP'] : null,
    iconSha: null,
  }));
}

/** Exhaustive scoring: each group's best variant per doc, summed over groups. */
function bruteForce(ix: SearchIndex, q: string, k: number) {
  const groups = ix.textTopK(q, k, true) as TermGroup[];
  const scores = new Map<number, number>();
  for (const g of groups) {
    while (g.doc !== 0x7fffffff) {
      const d = g.doc;
      if (ix.live[d]) scores.set(d, (scores.get(d) ?? 0) + g.scoreAt(d));
      g.next();
    }
  }
  return [...scores.values()].sort((a, b) => b - a).slice(0, k);
}

const QUERIES = [
  'photo',
  'photo editor',
  'notes pro',
  'quiz',
  'weather radar music',
  'phto',
  'budgt trackr',
  'pian',
  'cam',
  'a',
  'the chess',
  'crypto bank news radio',
];

describe('search index', () => {
  it('MaxScore returns exactly the top-k of exhaustive scoring', () => {
    const ix = SearchIndex.build(randomDocs(3000, 1));
    for (const q of QUERIES)
      for (const k of [1, 10, 100]) {
        const got = (ix.textTopK(q, k) as Array<{ score: number }>).map((h) => h.score);
        const want = bruteForce(ix, q, k);
        expect(got.length, q).toBe(want.length);
        for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 9);
      }
  });

  it('block-max MaxScore stays exact with a delta segment, tombstones and filters', () => {
    const docs = randomDocs(6000, 21);
    const ix = SearchIndex.build(docs);
    for (const d of randomDocs(400, 22)) ix.upsert({ ...d, appId: `late-${d.appId}` });
    for (const d of docs.slice(0, 3000).filter((_, i) => i % 3 === 0)) ix.remove(d.appId);
    for (const q of ['photo editor', 'notes pro', 'weather radar music', 'budgt trackr', 'crypto bank news radio', 'photo cam'])
      for (const k of [1, 10, 100]) {
        const got = (ix.textTopK(q, k) as Array<{ score: number }>).map((h) => h.score);
        const want = bruteForce(ix, q, k);
        expect(got.length, q).toBe(want.length);
        for (let i = 0; i < got.length; i++) expect(got[i], `${q} #${i}`).toBeCloseTo(want[i] as number, 9);
      }
  });

  it('a category filter reads its range of category-ordered docs and the tail, with the same answers', () => {
    const docs = randomDocs(8000, 31);
    const ordered = SearchIndex.build(docs);
    const plain = SearchIndex.build(
      (function* () {
        yield* docs;
      })(),
    );
    expect(ordered.sortedUpTo).toBe(8000);
    expect(plain.sortedUpTo).toBe(0);
    for (const ix of [ordered, plain]) {
      for (const d of randomDocs(300, 32)) ix.upsert({ ...d, appId: `late-${d.appId}` });
      for (const d of docs.slice(0, 900)) ix.remove(d.appId);
    }
    for (const q of ['photo', 'photo editor', 'notes pro', 'budgt trackr', 'crypto bank news radio', 'cam', 'quiz'])
      for (const category of [...CATS, 'Weather']) {
        const a = ordered.search({ q, category, limit: 50, offset: 0 }, { text: 1 });
        const b = plain.search({ q, category, limit: 50, offset: 0 }, { text: 1 });
        expect(a.hits.every((h) => ordered.category[h.doc] === ordered.category[(a.hits[0] as { doc: number }).doc])).toBe(true);
        const sa = a.hits.map((h) => h.text).sort((x, y) => y - x);
        const sb = b.hits.map((h) => h.text).sort((x, y) => y - x);
        expect(sa.length, `${q} ${category}`).toBe(sb.length);
        for (let i = 0; i < sa.length; i++) expect(sa[i], `${q} ${category} #${i}`).toBeCloseTo(sb[i] as number, 9);
        if (a.totalExact && b.totalExact) {
          expect(a.total).toBe(b.total);
          expect(a.facets).toEqual(b.facets);
        }
      }
  });

  it('one-word queries on common terms (impact-ordered heads) equal exhaustive scoring, filters too', () => {
    const ix = SearchIndex.build(randomDocs(14_000, 8));
    for (const d of randomDocs(200, 9)) ix.upsert({ ...d, appId: `late-${d.appId}` });
    expect(ix.df(ix.termIds.get('photo') as number)).toBeGreaterThan(4096);
    for (const q of ['photo', 'photo ', 'edit', 'notes', 'budget'])
      for (const k of [1, 20, 100]) {
        const got = (ix.textTopK(q, k) as Array<{ score: number }>).map((h) => h.score);
        const want = bruteForce(ix, q, k);
        expect(got.length, q).toBe(want.length);
        for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 9);
        // the full search (impact path with rerank) returns the same candidates as MaxScore
        const a = ix.search({ q, limit: Math.min(k, 50), offset: 0 }, { text: 1 }).hits.map((h) => h.text);
        expect(a.length).toBe(Math.min(k, 50, want.length));
      }
    // several words, some of them big: block-max MaxScore
    for (const q of ['photo chess', 'quiz photo', 'crypto bank photo', 'photo editor', 'yoga photo pro', 'kids math'])
      for (const k of [1, 20, 100]) {
        const got = (ix.textTopK(q, k) as Array<{ score: number }>).map((h) => h.score);
        const want = bruteForce(ix, q, k);
        expect(got.length, q).toBe(want.length);
        for (let i = 0; i < got.length; i++) expect(got[i], `${q} #${i}`).toBeCloseTo(want[i] as number, 9);
      }
    const games = ix.search({ q: 'photo', category: 'Games', limit: 50, offset: 0 }, { text: 0.6 });
    expect(games.hits.every((h) => ix.category[h.doc] === 7)).toBe(true);
  });

  it('incremental updates answer like a fresh build, before and after a merge', () => {
    const docs = randomDocs(2000, 2);
    const extra = randomDocs(300, 3);
    const ix = SearchIndex.build(docs.slice(0, 1500));
    for (const d of docs.slice(1500)) ix.upsert(d);
    for (const d of extra) ix.upsert(d);
    for (const d of extra.slice(0, 100)) ix.remove(d.appId);
    const renamed = docs.slice(0, 50).map((d) => ({ ...d, name: `${d.name} Chess Deluxe` }));
    for (const d of renamed) ix.upsert(d);
    const finalDocs = [...renamed, ...docs.slice(50), ...extra.slice(100)];
    // a fresh build with the same frozen average lengths gives identical tfs
    const fresh = SearchIndex.build(finalDocs);
    const names = (x: SearchIndex, q: string, filters: Record<string, unknown> = {}) => {
      const r = x.search({ q, limit: 5000, offset: 0, ...filters }, { text: 0.6 });
      // an estimated total (common words) depends on doc-id layout: compare exact ones only
      return { docs: new Set(r.hits.map((h) => x.appIds[h.doc])), total: r.totalExact ? r.total : r.hits.length };
    };
    for (const q of ['chess deluxe', 'photo', 'quiz pro', 'budget']) {
      for (const f of [{}, { category: 'Games' }, { price: 'paid' }, { country: 'DE' }]) {
        const a = names(ix, q, f);
        const b = names(fresh, q, f);
        expect(a.docs).toEqual(b.docs);
        expect(a.total, q).toBe(b.total);
      }
    }
    ix.merge();
    expect(ix.deltaDocs).toBe(0);
    for (const q of ['chess deluxe', 'photo', 'quiz pro']) expect(names(ix, q)).toEqual(names(fresh, q));
    expect(ix.liveCount).toBe(finalDocs.length);
  });

  it('stats updates re-rank without re-indexing', () => {
    const docs = randomDocs(500, 4).map((d, i) => ({ ...d, name: i < 2 ? 'Zylophone Tuner' : d.name }));
    const ix = SearchIndex.build(docs);
    const top = () => ix.appIds[(ix.search({ q: 'zylophone tuner', limit: 2, offset: 0 }, { text: 0.6 }).hits[0] as { doc: number }).doc];
    ix.updateStats(docs[0]?.appId as string, { priceMinor: 0, ratingAverage: 5, ratingCount: 100000, downloads: 50_000_000 });
    ix.updateStats(docs[1]?.appId as string, { priceMinor: 0, ratingAverage: 1, ratingCount: 3, downloads: 10 });
    expect(top()).toBe(docs[0]?.appId);
    ix.updateStats(docs[1]?.appId as string, { priceMinor: 0, ratingAverage: 5, ratingCount: 900000, downloads: 400_000_000 });
    ix.updateStats(docs[0]?.appId as string, { priceMinor: 0, ratingAverage: 1, ratingCount: 3, downloads: 10 });
    expect(top()).toBe(docs[1]?.appId);
  });

  it('snapshot round-trip keeps every answer', () => {
    const ix = SearchIndex.build(randomDocs(1000, 5));
    for (const d of randomDocs(50, 6)) ix.upsert(d);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-snap-')), 'index.snap');
    writeSnapshot(file, ix, 1234);
    const snap = readSnapshot(file);
    expect(snap?.seq).toBe(1234);
    const back = snap?.index as SearchIndex;
    for (const q of QUERIES) {
      const a = ix.search({ q, limit: 20, offset: 0 }, { text: 0.6 });
      const b = back.search({ q, limit: 20, offset: 0 }, { text: 0.6 });
      expect(b.hits.map((h) => back.appIds[h.doc])).toEqual(a.hits.map((h) => ix.appIds[h.doc]));
      expect(b.facets).toEqual(a.facets);
    }
    // a damaged file is refused, not half-loaded
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 500));
    expect(readSnapshot(file)).toBeNull();
    fs.writeFileSync(file, 'not a snapshot');
    expect(readSnapshot(file)).toBeNull();
  });

  it('answers any Unicode query without throwing, within the page size', () => {
    const ix = SearchIndex.build(randomDocs(500, 7));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 256 }), fc.integer({ min: 1, max: 50 }), (q, limit) => {
        const r = ix.search({ q, limit, offset: 0 }, { text: 0.6 });
        expect(r.hits.length).toBeLessThanOrEqual(limit);
        expect(r.total).toBeGreaterThanOrEqual(0);
        for (const h of r.hits) expect(Number.isFinite(h.score)).toBe(true);
      }),
      { numRuns: 300 },
    );
    for (const q of ['\u0000', 'x'.repeat(10_000), '😀'.repeat(3000), 'a b c d e f g h i j k l m n o p q r s t', '\u0301'.repeat(500)])
      expect(() => ix.search({ q, limit: 20, offset: 0 }, { text: 0.6 })).not.toThrow();
  });
});

describe('term dictionary', () => {
  it('typo lookup equals a brute-force scan over the words starting with the query’s first or second letter, and first-letter typos', () => {
    const r = rng(9);
    const words = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const len = 2 + Math.floor(r() * 10);
      let w = '';
      for (let j = 0; j < len; j++) w += 'abcdeflmnoprst'[Math.floor(r() * 14)];
      words.add(w);
    }
    const sorted = [...words].sort();
    for (let i = 0; i < 200; i++) {
      const q = sorted[Math.floor(r() * sorted.length)]?.split('').reverse().join('') as string;
      for (const k of [1, 2]) {
        const got = fuzzyLookup(sorted, q, k, 100_000)
          .map((h) => `${h.term}:${h.distance}`)
          .sort();
        const want = sorted
          .filter((t) => t[0] === q[0] || t[0] === q[1] || (q.length >= 3 && (t.slice(1) === q.slice(1) || t.slice(1) === q)))
          .map((t) => [t, boundedDistance(q, t, k)] as const)
          .filter(([, d]) => d <= k)
          .map(([t, d]) => `${t}:${d}`)
          .sort();
        expect(got, `${q} k=${k}`).toEqual(want);
      }
    }
  });

  it('counts an adjacent swap as one edit', () => {
    expect(boundedDistance('phtoo', 'photo', 2)).toBe(1);
    expect(boundedDistance('edtior', 'editor', 2)).toBe(1);
    expect(boundedDistance('kitten', 'sitting', 2)).toBe(3);
    expect(fuzzyLookup(['editor', 'edits', 'photo'], 'edtior', 1).map((h) => h.term)).toEqual(['editor']);
  });

  it('finds an app through a typo in the first letter of its name', () => {
    const docs = randomDocs(500, 3);
    docs.push({ ...(docs[0] as IndexDoc), appId: 'spot', bundleId: 'com.test.spotlight', name: 'Spotlight Reader', description: 'read' });
    const ix = SearchIndex.build(docs);
    for (const q of ['wpotlight', 'potlight reader'])
      expect(
        ix.search({ q, limit: 3, offset: 0 }, { text: 0.7 }).hits.map((h) => ix.bundleIds[h.doc]),
        q,
      ).toContain('com.test.spotlight');
  });

  it('corrects a typo in the first letter: replaced or left out', () => {
    const sorted = ['apple', 'apply', 'maple', 'spotify', 'zebra'];
    expect(fuzzyLookup(sorted, 'bpple', 1).map((h) => h.term)).toEqual(['apple']);
    expect(fuzzyLookup(sorted, 'pple', 1).map((h) => h.term)).toEqual(['apple']);
    expect(fuzzyLookup(sorted, 'wpotify', 1)).toEqual([{ term: 'spotify', distance: 1 }]);
    expect(fuzzyLookup(sorted, 'potify', 1).map((h) => h.term)).toEqual(['spotify']);
  });
});
