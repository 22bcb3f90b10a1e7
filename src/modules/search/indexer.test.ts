import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, forEachTerm, stem } from './analyzer.js';
import { FieldScanner, stemCodes, TermTable } from './indexer.js';
import { generatedDocs } from './test-catalog.js';

/** Terms of a text through the indexer's scanner, as strings. */
function scanned(text: string, maxChars: number): string[] {
  const table = new TermTable();
  const ids: number[] = [];
  new FieldScanner(table).scan(text, maxChars, (id) => ids.push(id));
  const strings = table.strings();
  return ids.map((id) => strings[id] as string);
}

function reference(text: string, maxChars: number): string[] {
  const out: string[] = [];
  forEachTerm(text, true, maxChars, (term) => out.push(term));
  return out;
}

describe('indexer scanner', () => {
  it('gives the same terms as forEachTerm for the index', () => {
    const ascii = fc.string({
      unit: fc.constantFrom(...'aZ9 -_.,:;!?()[]{}"|+&/\'#@*Qu\t\nxyHTMLiP0ingesiedss'.split(''), '\u201c', '\u2014', '\u2019'),
      maxLength: 120,
    });
    fc.assert(
      fc.property(ascii, fc.integer({ min: 1, max: 130 }), (s, max) => {
        expect(scanned(s, max)).toEqual(reference(s, max));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(scanned(s, 512)).toEqual(reference(s, 512));
      }),
      { numRuns: 500 },
    );
    for (const d of generatedDocs(300, 3))
      for (const f of [d.name, d.developer, d.description, `${d.keywords.join(', ')}, ${d.subtitle}`])
        expect(scanned(f, 2000)).toEqual(reference(f, 2000));
    for (const s of [
      'QuizUp2 To-Do wi-fi',
      'HTMLParser iPhone x-ray',
      `${'a'.repeat(50)}-b`,
      'abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopq-r',
    ])
      expect(scanned(s, 512)).toEqual(reference(s, 512));
  });

  it('stems like stem()', () => {
    const words = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...'abdeilnsuyzg1'.split('')), maxLength: 6 }),
        fc.constantFrom('', 's', 'es', 'ies', 'ing', 'ed', 'eed', 'sses', 'ches', 'shes', 'xes', 'zes', 'ss', 'us', 'is', 'lling', 'tted'),
      )
      .map(([a, b]) => a + b)
      .filter((w) => w.length > 0);
    fc.assert(
      fc.property(words, (w) => {
        const buf = new Uint16Array(64);
        for (let i = 0; i < w.length; i++) buf[i] = w.charCodeAt(i);
        const n = stemCodes(buf, w.length);
        expect(String.fromCharCode(...buf.subarray(0, n))).toBe(stem(w));
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers terms once, however often they come', () => {
    const table = new TermTable();
    const ids = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const t = `t${(i * 7919) % 20_000}`;
      const id = table.idOfString(t);
      if (ids.has(t)) expect(id).toBe(ids.get(t));
      else ids.set(t, id);
    }
    expect(table.size).toBe(20_000);
    expect(table.strings()[ids.get('t123') as number]).toBe('t123');
  });

  it('folds ASCII by lower-casing', () => {
    expect(fold('Hello World-42')).toBe('hello world-42');
    expect(fold('Café')).toBe('cafe');
  });
});
