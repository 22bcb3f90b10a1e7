import { describe, expect, it } from 'vitest';
import { type IndexDoc, SearchIndex } from './engine.js';
import { evaluate, knownItemQueries } from './relevance.js';
import { generatedDocs } from './test-catalog.js';

/** Apps planted in the generated catalog as the right answers of topical queries. */
const planted: Array<{ query: string; doc: Partial<IndexDoc> & { name: string; category: string } }> = [
  {
    query: 'photo editor',
    doc: {
      name: 'Lumen Photo Editor',
      category: 'Photo & Video',
      description: 'Edit photos with filters, curves and retouching tools.',
      keywords: ['photo', 'editor', 'filters'],
    },
  },
  {
    query: 'budget tracker',
    doc: {
      name: 'Penny Budget Tracker',
      category: 'Finance',
      description: 'Track your budget and spending every month.',
      keywords: ['budget', 'expenses'],
    },
  },
  {
    query: 'learn spanish',
    doc: {
      name: 'Hola Spanish',
      category: 'Education',
      description: 'Learn Spanish with short daily lessons.',
      keywords: ['spanish', 'language', 'learn'],
    },
  },
  {
    query: 'white noise for sleep',
    doc: {
      name: 'Drift White Noise',
      category: 'Health & Fitness',
      description: 'White noise and rain sounds to fall asleep.',
      keywords: ['sleep', 'noise'],
    },
  },
  {
    query: 'podcast player',
    doc: {
      name: 'Orbit Podcast Player',
      category: 'Entertainment',
      description: 'Play and download podcasts, with smart playlists.',
      keywords: ['podcast', 'player'],
    },
  },
];

describe('relevance over a generated catalog', () => {
  const docs = [...generatedDocs(20_000, 11)];
  planted.forEach((p, i) => {
    docs.push({
      appId: `planted-${i}`,
      bundleId: `com.planted.app${i}`,
      subtitle: '',
      developer: 'Planted Studio',
      description: '',
      keywords: [],
      priceMinor: 0,
      currency: 'USD',
      ratingAverage: 4.4,
      ratingCount: 20_000,
      downloads: 2_000_000,
      availability: null,
      iconSha: null,
      ...p.doc,
    });
  });
  const ix = SearchIndex.build(docs);
  const byApp = new Map(docs.map((d) => [d.appId, d]));

  it('known-item queries: success@1 ≥ 0.9 and success@3 ≥ 0.97', () => {
    const report = evaluate(ix, knownItemQueries(ix, 600, 21));
    expect(report.queries).toBe(600);
    expect(report.successAt1, JSON.stringify(report.failures.slice(0, 10))).toBeGreaterThanOrEqual(0.9);
    expect(report.successAt3).toBeGreaterThanOrEqual(0.97);
    // every kind of query works, not just the easy ones
    for (const [kind, v] of Object.entries(report.byKind)) expect(v.at3, kind).toBeGreaterThanOrEqual(0.9);
  });

  it('topical queries find the planted app in the top 10, and the first result is fully on topic', () => {
    for (const p of planted) {
      const r = ix.search({ q: p.query, limit: 10, offset: 0 }, { text: 0.6 });
      const names = r.hits.map((h) => ix.names[h.doc] as string);
      expect(names, p.query).toContain(p.doc.name);
      // the first result mentions every word of the query (name, keywords, subtitle or description)
      const words = p.query
        .split(' ')
        .filter((w) => w.length > 3)
        .map((w) => w.slice(0, 4));
      for (const h of r.hits.slice(0, 1)) {
        const d = byApp.get(ix.appIds[h.doc] as string) as IndexDoc;
        const text = `${d.name} ${d.subtitle} ${d.keywords.join(' ')} ${d.description}`.toLowerCase();
        expect(
          words.every((w) => text.includes(w)),
          `${p.query}: ${d.name}`,
        ).toBe(true);
      }
    }
    const photo = ix.search({ q: 'photo editor', limit: 10, offset: 0 }, { text: 0.6 });
    expect(photo.hits.every((h) => /photo|editor|edit/i.test(`${ix.names[h.doc]} ${ix.subtitles[h.doc]}`))).toBe(true);
  });

  it('stop words and noise do not break queries ("the notes app")', () => {
    const r = ix.search({ q: 'the notes app', limit: 5, offset: 0 }, { text: 0.6 });
    expect(r.hits.length).toBe(5);
    for (const h of r.hits) expect(ix.names[h.doc]).toMatch(/notes/i);
  });

  it('exact matches outrank typo matches', () => {
    const exact = ix.search({ q: 'podcast player', limit: 1, offset: 0 }, { text: 0.6 });
    expect(ix.names[(exact.hits[0] as { doc: number }).doc]).toBe('Orbit Podcast Player');
    const typo = ix.search({ q: 'podcst player', limit: 3, offset: 0 }, { text: 0.6 });
    expect(typo.hits.map((h) => ix.names[h.doc])).toContain('Orbit Podcast Player');
    expect(typo.didYouMean).toBe('podcast player');
  });
});
