/**
 * Query-term expansion: each query word becomes a group of variants (the word, its unstemmed
 * form, prefix completions of the last word, typo neighbours of words the catalog barely knows,
 * and joins with the neighbouring word), each with a weight; and the "did you mean" correction.
 * Prefix and typo lookups are memoised on the index (cleared when its terms change).
 */
import { type QueryTerm, STOP_WORDS } from './analyzer.js';
import { fuzziness, fuzzyLookup, prefixRange } from './dictionary.js';
import type { SearchIndex } from './engine.js';
import { TermGroup } from './postings.js';

const EXACT = 1;
const STEM_VARIANT = 0.95;
const PREFIX_WEIGHT = 0.8;
const FUZZY_WEIGHT = [1, 0.7, 0.5] as const;
const MAX_PREFIX_EXPANSIONS = 12;
const MAX_FUZZY_EXPANSIONS = 8;
/** A query word found in at least this many apps is taken as typed (no typo expansion). */
const FUZZY_BELOW_DF = 5;

/** Terms in the dictionary starting with `prefix`, the `limit` most frequent (memoised until the next upsert). */
export function prefixTerms(ix: SearchIndex, prefix: string, limit: number): string[] {
  const key = `${limit}:${prefix}`;
  const hit = ix.prefixMemo.get(key);
  if (hit) return hit;
  // base terms are numbered in sorted order: the range's ids are its indexes
  const [a, b] = prefixRange(ix.sortedTerms, prefix);
  const ids: number[] = [];
  const dfs: number[] = [];
  const offer = (id: number) => {
    const df = ix.df(id);
    if (ids.length === limit && df <= (dfs[limit - 1] as number)) return;
    let j = ids.length < limit ? ids.length : limit - 1;
    while (j > 0 && (dfs[j - 1] as number) < df) {
      ids[j] = ids[j - 1] as number;
      dfs[j] = dfs[j - 1] as number;
      j--;
    }
    ids[j] = id;
    dfs[j] = df;
  };
  for (let i = a; i < b; i++) offer(i);
  for (const t of ix.extraTerms) if (t.startsWith(prefix)) offer(ix.termIds.get(t) as number);
  const out = ids.map((id) => ix.terms[id] as string);
  if (ix.prefixMemo.size >= 10_000) ix.prefixMemo.clear();
  ix.prefixMemo.set(key, out);
  return out;
}

/** Typo neighbours of a term, memoised (repeated typos are common; cleared when terms change). */
export function fuzzyCached(ix: SearchIndex, term: string, k: number): Array<{ term: string; distance: number }> {
  const key = `${k}:${term}`;
  let hits = ix.fuzzyMemo.get(key);
  if (!hits) {
    hits = fuzzyLookup(ix.sortedTerms, term, k, 200, ix.extraTerms);
    if (ix.fuzzyMemo.size >= 10_000) ix.fuzzyMemo.clear();
    ix.fuzzyMemo.set(key, hits);
  }
  return hits;
}

export function fuzzyTerms(ix: SearchIndex, term: string): Array<{ term: string; distance: number }> {
  const k = fuzziness(term.length);
  if (k === 0) return [];
  return fuzzyCached(ix, term, k)
    .filter((h) => h.distance > 0)
    .map((h) => ({ ...h, df: ix.df(ix.termIds.get(h.term) as number) }))
    .sort((a, b) => a.distance - b.distance || b.df - a.df)
    .slice(0, MAX_FUZZY_EXPANSIONS);
}

/** The variants of each query term as posting cursors. */
export function groupsFor(
  ix: SearchIndex,
  terms: QueryTerm[],
  prefixLast: boolean,
): { groups: TermGroup[]; fuzzyOnly: boolean[]; lists: Array<Array<[number, number]>> } {
  const groups: TermGroup[] = [];
  const fuzzyOnly: boolean[] = [];
  const lists: Array<Array<[number, number]>> = [];
  terms.forEach((qt, idx) => {
    const variants = new Map<number, number>(); // termId → weight
    const add = (t: string, w: number) => {
      const id = ix.termIds.get(t);
      if (id === undefined || ix.df(id) === 0) return;
      if ((variants.get(id) ?? 0) < w) variants.set(id, w);
    };
    add(qt.term, EXACT);
    if (qt.raw !== qt.term) add(qt.raw, STEM_VARIANT);
    const hasExact = variants.size > 0;
    const isLast = idx === terms.length - 1;
    if (prefixLast && isLast && qt.raw.length >= 2) for (const t of prefixTerms(ix, qt.raw, MAX_PREFIX_EXPANSIONS)) add(t, PREFIX_WEIGHT);
    // typo variants only for words the catalog barely knows (a known word is not a typo)
    const exactId = ix.termIds.get(qt.term);
    const exactDf = exactId === undefined ? 0 : ix.df(exactId);
    if (!qt.stop && exactDf < FUZZY_BELOW_DF) for (const h of fuzzyTerms(ix, qt.term)) add(h.term, FUZZY_WEIGHT[h.distance] ?? 0.4);
    // joined with the next term: "quiz up" → quizup
    const next = terms[idx + 1];
    if (next) add(qt.raw + next.raw, EXACT);
    const prev = terms[idx - 1];
    if (prev) add(prev.raw + qt.raw, EXACT);
    // split: "photoeditor" → photo + editor is handled by the join on the index side ("PhotoEditor")
    if (variants.size === 0) return;
    lists.push([...variants]);
    groups.push(new TermGroup([...variants].map(([id, w]) => ix.cursor(id, w))));
    fuzzyOnly.push(!hasExact);
  });
  return { groups, fuzzyOnly, lists };
}

/** "Did you mean": each unknown or rare term replaced by its most frequent near neighbour. */
export function correct(ix: SearchIndex, terms: QueryTerm[]): string | null {
  let changed = false;
  const words = terms.map((t) => {
    if (t.stop) return t.raw;
    const id = ix.termIds.get(t.term);
    const df = id === undefined ? 0 : ix.df(id);
    if (df >= 3) return t.raw;
    const k = fuzziness(t.raw.length) || (t.raw.length >= 3 ? 1 : 0);
    if (k === 0) return t.raw;
    let best: string | null = null;
    let bestScore = -1;
    for (const h of fuzzyCached(ix, t.raw, k)) {
      if (h.distance === 0) continue;
      const hdf = ix.df(ix.termIds.get(h.term) as number);
      const s = hdf / (h.distance * h.distance);
      if (hdf > df * 3 && s > bestScore && !STOP_WORDS.has(h.term)) {
        best = h.term;
        bestScore = s;
      }
    }
    if (!best) return t.raw;
    changed = true;
    return best;
  });
  return changed ? words.join(' ') : null;
}
