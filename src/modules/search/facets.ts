/**
 * Counting for the search index: total matches and category facets of a query (exact up to a
 * budget of postings, estimated per category segment beyond it), and browsing (an empty query
 * with filters: the filtered apps by popularity, with exact facets).
 */
import { categories } from '../catalog/categories.js';
import type { SearchIndex, SearchOutcome, SearchQuery } from './engine.js';
import { TermGroup } from './postings.js';
import { TopK } from './topk.js';

export const categoryIndex = new Map<string, number>(categories.map((c, i) => [c, i]));
const COUNT_BUDGET = 12_000;

/**
 * Total matches and category facets under the filters (except the category filter itself,
 * so the facet list shows where else results are). Each variant's postings are walked
 * directly, marking documents in a stamped array, segment by segment (each category's range
 * of doc ids, then the docs indexed since the build): exact while every walk stays within
 * its budget; beyond it, a segment's count below the doc id where its walks stopped is scaled
 * to the whole segment.
 */
export function countMatches(
  ix: SearchIndex,
  lists: Array<Array<[number, number]>>,
  q: SearchQuery,
): { total: number; exact: boolean; facets: Record<string, number> } {
  const groups = lists.map((l) => new TermGroup(l.map(([id, w]) => ix.cursor(id, w))));
  if (ix.seen.length < ix.size) ix.seen = new Uint32Array(Math.max(ix.size, ix.seen.length * 2));
  const stamp = ++ix.stamp;
  if (stamp === 0xffffffff) {
    ix.seen.fill(0);
    ix.stamp = 1;
  }
  const cat = q.category !== undefined ? (categoryIndex.get(q.category) ?? 254) : -1;
  const segs = segments(ix);
  const segOf = (d: number): number => (d >= ix.sortedUpTo ? segs.length - 1 : (segs.index[ix.category[d] as number] as number));
  const cursors = groups.flatMap((g) => g.cursors);
  const perList = Math.ceil(COUNT_BUDGET / Math.max(1, cursors.length));
  // the filtered category's segment gets a list's whole budget, the others share one
  const perSeg = Math.max(16, Math.ceil(perList / segs.length));
  const limit = segs.to.slice(); // docs below limit[s] in segment s were walked in every list
  const marked: number[] = [];
  for (const c of cursors) {
    for (let si = 0; si < segs.length; si++) {
      const to = segs.to[si] as number;
      if (to <= (segs.from[si] as number)) continue;
      c.advance(segs.from[si] as number);
      const budget = cat >= 0 && segs.cat[si] === cat ? perList : perSeg;
      let steps = 0;
      while (c.doc < to) {
        if (steps++ >= budget) {
          if (c.doc < (limit[si] as number)) limit[si] = c.doc;
          break;
        }
        if (ix.seen[c.doc] !== ix.stamp) {
          ix.seen[c.doc] = ix.stamp;
          marked.push(c.doc);
        }
        c.next();
      }
    }
  }
  let exact = true;
  const scale = new Float64Array(segs.length);
  for (let si = 0; si < segs.length; si++) {
    const from = segs.from[si] as number;
    const lim = limit[si] as number;
    if (lim < (segs.to[si] as number)) exact = false;
    scale[si] = lim > from ? ((segs.to[si] as number) - from) / (lim - from) : 0;
  }
  const facetFilter = ix.filter({ ...q, category: undefined }) as (d: number) => boolean;
  const counts = new Float64Array(256);
  let total = 0;
  for (const doc of marked) {
    const si = segOf(doc);
    if (doc >= (limit[si] as number) || !facetFilter(doc)) continue;
    const c = ix.category[doc] as number;
    const w = scale[si] as number;
    (counts as Float64Array)[c] = (counts[c] as number) + w;
    if (cat < 0 || c === cat) total += w;
  }
  const facets: Record<string, number> = {};
  categories.forEach((name, i) => {
    const n = Math.round(counts[i] as number);
    if (n > 0) facets[name] = n;
  });
  return { total: Math.round(total), exact, facets };
}

/**
 * Doc-id segments in ascending order: each category's range of the category-ordered docs,
 * then the tail (docs indexed since the build); the whole id space when nothing is ordered.
 * `index[category]` is the segment of a category's range.
 */
export function segments(ix: SearchIndex): { from: number[]; to: number[]; cat: number[]; index: Int32Array; length: number } {
  const from: number[] = [];
  const to: number[] = [];
  const cat: number[] = [];
  const index = new Int32Array(256).fill(-1);
  if (ix.sortedUpTo > 0)
    for (let c = 0; c < 256; c++) {
      const a = ix.catStart[c] as number;
      const b = ix.catStart[c + 1] as number;
      if (b <= a) continue;
      index[c] = from.length;
      from.push(a);
      to.push(b);
      cat.push(c);
    }
  from.push(ix.sortedUpTo);
  to.push(ix.size);
  cat.push(-1);
  return { from, to, cat, index, length: from.length };
}

/** Empty query with filters: the filtered apps by popularity (quality). */
export function browse(ix: SearchIndex, q: SearchQuery, accept: (d: number) => boolean): SearchOutcome {
  const heap = new TopK(Math.max(1, q.offset + q.limit));
  let total = 0;
  const counts = new Float64Array(256);
  const facetFilter = ix.filter({ ...q, category: undefined }) as (d: number) => boolean;
  for (let d = 0; d < ix.size; d++) {
    if (!facetFilter(d)) continue;
    const c = ix.category[d] as number;
    (counts as Float64Array)[c] = (counts[c] as number) + 1;
    if (!accept(d)) continue;
    total++;
    heap.push((ix.quality[d] as number) + 1e-12 * (ix.size - d), d, 0);
  }
  const facets: Record<string, number> = {};
  categories.forEach((name, i) => {
    if ((counts[i] as number) > 0) facets[name] = counts[i] as number;
  });
  const hits = heap
    .sorted()
    .slice(q.offset)
    .map((h) => ({ doc: h.doc, score: ix.quality[h.doc] as number, text: 0, quality: ix.quality[h.doc] as number }));
  return { hits, total, totalExact: true, facets, didYouMean: null, terms: [] };
}
