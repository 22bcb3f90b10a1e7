import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeQuery, analyzeUnicode, fold, normalizeQueryText, scanAscii, stem, type Token } from './analyzer.js';

const terms = (s: string, forIndex = false) => analyze(s, { forIndex }).map((t) => t.term);

describe('analyzer', () => {
  it('folds case, diacritics and compatibility forms', () => {
    expect(fold('Café Crème')).toBe('cafe creme');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('ＡＰＰ')).toBe('app');
    expect(fold('Ærø Łódź')).toBe('aero lodz');
    expect(terms('Ｎｏｔｅｓ')).toEqual(['note']);
  });

  it('stems lightly: plurals, -ing, -ed, -ies', () => {
    expect(stem('photos')).toBe('photo');
    expect(stem('editing')).toBe('edit');
    expect(stem('games')).toBe('game');
    expect(stem('stories')).toBe('story');
    expect(stem('boxes')).toBe('box');
    expect(stem('planned')).toBe('plan');
    expect(stem('news')).toBe('new');
    expect(stem('bus')).toBe('bus');
    expect(stem('glass')).toBe('glass');
    expect(stem('2048s')).toBe('2048s');
  });

  it('splits camelCase and hyphenated compounds and indexes them joined too', () => {
    expect(terms('QuizUp', true)).toEqual(['quiz', 'up', 'quizup']);
    expect(terms('To-Do List', true)).toEqual(['to', 'do', 'todo', 'list']);
    expect(terms('iPhone HTMLParser', true)).toEqual(['i', 'phone', 'iphone', 'html', 'parser', 'htmlparser']);
    expect(terms('Wi-Fi 6E')).toEqual(['wi', 'fi', '6', 'e']);
    // queries do not add the joined forms
    expect(terms('To-Do')).toEqual(['to', 'do']);
  });

  it('uses character bigrams for scripts without spaces', () => {
    expect(terms('写真編集')).toEqual(['写真', '真編', '編集']);
    expect(terms('猫')).toEqual(['猫']);
    expect(terms('카메라 앱')).toEqual(['카메', '메라', '앱']);
  });

  it('marks stop words and app-search noise in queries but keeps them when nothing else is left', () => {
    const q = analyzeQuery('the notes app');
    expect(q.map((t) => [t.term, t.stop])).toEqual([
      ['the', true],
      ['note', false],
      ['app', true],
    ]);
    expect(analyzeQuery('The The').map((t) => t.term)).toEqual(['the']);
    expect(analyzeQuery('a '.repeat(100)).length).toBe(1);
    expect(analyzeQuery('w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18').length).toBe(16);
  });

  it('normalises query text for logs and suggestions', () => {
    expect(normalizeQueryText('  Photo   EDITOR!! ')).toBe('photo editor');
    expect(normalizeQueryText('Café—Crème')).toBe('cafe creme');
  });

  it('gives the same tokens on the ASCII fast path as on the Unicode path', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'aZ9 -_.,:;!?()[]{}"|+&/\'#@*Qu\t\nxyHTMLiP0'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(ascii, fc.boolean(), (s, forIndex) => {
        const fast: Token[] = [];
        expect(scanAscii(s, forIndex, (term, raw, pos) => fast.push({ term, raw, pos }))).toBe(true);
        expect(fast).toEqual(analyzeUnicode(s, forIndex));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and bounds its output for arbitrary Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const toks = analyze(s, { forIndex: true });
        for (const t of toks) {
          expect(t.term.length).toBeGreaterThan(0);
          expect(t.raw.length).toBeLessThanOrEqual(80);
        }
        expect(analyzeQuery(s).length).toBeLessThanOrEqual(16);
      }),
      { numRuns: 500 },
    );
  });
});
