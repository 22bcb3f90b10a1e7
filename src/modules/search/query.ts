/**
 * Query execution of the search index: the text top-k. One word reads its big variants in
 * impact order (impactOrder, built on first use per term); several words, or any query under a
 * category filter, go through block-max MaxScore (topk.ts) with each word's small variants
 * merged into one list. Both are exact.
 */

import type { SearchIndex, SearchQuery } from './engine.js';
import { categoryIndex } from './facets.js';
import { bm25, type Cursor, END, ListCursor, type PostingCursor, TermGroup } from './postings.js';
import { bucketUpperTf, tfBucket } from './ranking.js';
import { type DocRange, maxScore, TopK } from './topk.js';

/** Terms with more base postings than this answer one-word queries from their impact-ordered head. */
const IMPACT_MIN_DF = 4096;
const IMPACT_N = 512;
/** Variants with at most this many postings are merged into one list per query term before MaxScore. */
const MERGE_MAX_DF = 4096;

/**
 * A common term's base postings in impact order: a counting sort on a log-scaled tf bucket
 * (256 buckets), with bucket starts. Built on first use, dropped on merge (cached on the index).
 */
export function impactOrder(ix: SearchIndex, termId: number): { order: Uint32Array; bucketEnd: Uint32Array } {
  let t = ix.impact.get(termId);
  if (t) return t;
  const start = ix.baseOffsets[termId] as number;
  const end = ix.baseOffsets[termId + 1] as number;
  const counts = new Uint32Array(257);
  const bucketOf = new Uint8Array(end - start);
  for (let i = start; i < end; i++) {
    const b = tfBucket(ix.baseTfs[i] as number);
    bucketOf[i - start] = b;
    counts[255 - b + 1] = (counts[255 - b + 1] as number) + 1;
  }
  // buckets in descending order: slot 0 = bucket 255
  for (let i = 0; i < 256; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
  const bucketEnd = counts.slice(1);
  const next = counts.slice(0, 256);
  const order = new Uint32Array(end - start);
  for (let i = start; i < end; i++) {
    const slot = 255 - (bucketOf[i - start] as number);
    order[next[slot] as number] = i;
    next[slot] = (next[slot] as number) + 1;
  }
  t = { order, bucketEnd };
  ix.impactEntries += order.length;
  if (ix.impactEntries > 50_000_000) {
    ix.impact.clear();
    ix.impactEntries = order.length;
  }
  ix.impact.set(termId, t);
  return t;
}

/**
 * Top-k for a one-word query: a single term cannot be skipped by MaxScore, so read each big
 * variant in impact order (highest tf buckets first), doubling the depth until the k-th best
 * score beats what any unread posting could still score. Small variants and the delta are
 * read whole. Exact; cost follows k and the filter's selectivity, not the list length.
 */
export function impactTopK(ix: SearchIndex, group: TermGroup, k: number, accept: (d: number) => boolean): TopK {
  const { buf, stamp, gen } = scoreScratch(ix);
  const touched: number[] = [];
  // filtered out once, marked -1; `touched` holds the accepted docs
  const note = (d: number, s: number) => {
    if (stamp[d] !== gen) {
      stamp[d] = gen;
      if (!accept(d)) {
        buf[d] = -1;
        return;
      }
      buf[d] = s;
      touched.push(d);
    } else if (s > (buf[d] as number) && (buf[d] as number) >= 0) buf[d] = s;
  };
  const big: Array<{ c: PostingCursor; order: Uint32Array; bucketEnd: Uint32Array; slot: number; pos: number }> = [];
  for (const c of group.cursors) {
    const id = c.termId;
    const inBase = id >= 0 && id < ix.baseOffsets.length - 1;
    const baseLen = inBase ? (ix.baseOffsets[id + 1] as number) - (ix.baseOffsets[id] as number) : 0;
    if (baseLen > IMPACT_MIN_DF) big.push({ c, ...impactOrder(ix, id), slot: 0, pos: 0 });
    else if (inBase)
      for (let i = ix.baseOffsets[id] as number; i < (ix.baseOffsets[id + 1] as number); i++)
        note(ix.baseDocs[i] as number, bm25(c.mult, ix.baseTfs[i] as number));
    const dl = ix.delta.get(id);
    if (dl) for (let i = 0; i < dl.docs.length; i++) note(dl.docs[i] as number, bm25(c.mult, dl.tfs[i] as number));
  }
  let depth = IMPACT_N;
  for (;;) {
    let bound = 0;
    for (const v of big) {
      // read whole buckets until `depth` entries of this variant are read
      while (v.slot < 256 && v.pos < depth) {
        const stop = v.bucketEnd[v.slot] as number;
        for (; v.pos < stop; v.pos++) {
          const i = v.order[v.pos] as number;
          note(ix.baseDocs[i] as number, bm25(v.c.mult, ix.baseTfs[i] as number));
        }
        v.slot++;
      }
      if (v.slot < 256 && v.pos < v.order.length) {
        const b = bm25(v.c.mult, bucketUpperTf(255 - v.slot));
        if (b > bound) bound = b;
      }
    }
    const heap = new TopK(k);
    for (const d of touched) heap.push(buf[d] as number, d, 1);
    if (bound === 0 || (heap.size >= k && heap.threshold > bound)) return heap;
    depth *= 4;
  }
}

/**
 * The text top-k: one word → impact-ordered heads; several words → block-max MaxScore over
 * the words' variants (small variants merged per word). Both exact.
 */
export function topK(ix: SearchIndex, groups: TermGroup[], k: number, accept: (d: number) => boolean, range?: DocRange): TopK {
  if (groups.length === 1 && !range) return impactTopK(ix, groups[0] as TermGroup, k, accept);
  const heap = new TopK(k);
  if (groups.length > 0)
    maxScore(
      groups.map((g) => mergeSmall(ix, g)),
      heap,
      accept,
      range,
    );
  return heap;
}

/** The doc ids a category filter can match: its range of the category-ordered docs, and the tail. */
export function rangeOf(ix: SearchIndex, q: SearchQuery): DocRange | undefined {
  if (q.category === undefined || ix.sortedUpTo === 0) return undefined;
  const c = categoryIndex.get(q.category);
  if (c === undefined) return { from: 0, to: 0, tail: ix.sortedUpTo };
  return { from: ix.catStart[c] as number, to: ix.catStart[c + 1] as number, tail: ix.sortedUpTo };
}

/**
 * The group with its small variants (prefix and typo expansions, joins) merged into one
 * materialised list, best variant per doc, so MaxScore steps a few lists per term, not twenty.
 */
export function mergeSmall(ix: SearchIndex, g: TermGroup): TermGroup<Cursor> {
  const small: PostingCursor[] = [];
  const out: Cursor[] = [];
  for (const c of g.cursors) {
    if (c.termId >= 0 && ix.df(c.termId) <= MERGE_MAX_DF) small.push(c);
    else out.push(c);
  }
  if (small.length < 2) return g;
  const { buf, stamp, gen } = scoreScratch(ix);
  const touched: number[] = [];
  for (const c of small)
    for (; c.doc !== END; c.next()) {
      const d = c.doc;
      const s = c.score();
      if (stamp[d] !== gen) {
        stamp[d] = gen;
        buf[d] = s;
        touched.push(d);
      } else if (s > (buf[d] as number)) buf[d] = s;
    }
  const docs = Uint32Array.from(touched).sort();
  const scores = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) scores[i] = buf[docs[i] as number] as number;
  out.push(new ListCursor(docs, scores));
  return new TermGroup<Cursor>(out);
}

/** The per-doc score buffer with a fresh stamp (a doc's entry is valid when its stamp is `gen`). */
export function scoreScratch(ix: SearchIndex): { buf: Float64Array; stamp: Uint32Array; gen: number } {
  if (ix.scoreBuf.length < ix.size) {
    ix.scoreBuf = new Float64Array(Math.max(ix.size, ix.scoreBuf.length * 2));
    ix.scoreStamp = new Uint32Array(ix.scoreBuf.length);
  }
  if (++ix.scoreGen === 0xffffffff) {
    ix.scoreStamp.fill(0);
    ix.scoreGen = 1;
  }
  return { buf: ix.scoreBuf, stamp: ix.scoreStamp, gen: ix.scoreGen };
}
