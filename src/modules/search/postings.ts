/**
 * Posting-list cursors and the MaxScore top-k loop. A posting list is a slice of the base
 * segment (typed arrays, doc ids ascending) followed by the term's postings in the delta
 * segment (docs indexed since the last merge; their ids are all larger). Each entry carries a
 * BM25F pseudo term frequency (field-weighted, length-normalised), so a posting's score is
 * `idf · tf·(k1+1)/(k1+tf)` and a term's upper bound comes from its largest tf.
 */

export const K1 = 1.2;
export const END = 0x7fffffff;
/** Base postings are cut into blocks of 2^BLOCK_SHIFT (by position in the shared arrays) with a max tf per block. */
export const BLOCK_SHIFT = 6;

/** Largest tf of every block of 2^BLOCK_SHIFT positions of `tfs` (a block may straddle two terms: still a bound). */
export function blockMaxOf(tfs: Float32Array): Float32Array<ArrayBuffer> {
  const out = new Float32Array(Math.ceil(tfs.length / (1 << BLOCK_SHIFT)));
  for (let i = 0; i < tfs.length; i++) {
    const b = i >>> BLOCK_SHIFT;
    const t = tfs[i] as number;
    if (t > (out[b] as number)) out[b] = t;
  }
  return out;
}

export const bm25 = (idf: number, tf: number) => (idf * tf * (K1 + 1)) / (K1 + tf);

/** What MaxScore needs from a posting list. */
export interface Cursor {
  /** Current doc id (END when exhausted). */
  readonly doc: number;
  /** Upper bound of the list's scores. */
  readonly ub: number;
  /** Number of postings (how much stepping through the list costs). */
  readonly cost: number;
  score(): number;
  next(): void;
  advance(target: number): void;
  /** Last doc id of the current block. */
  blockLast(): number;
  /** Upper bound of the scores from the current posting up to doc `last` (≤ blockLast()). */
  blockUb(last: number): number;
}

/** First index in [lo, end) whose value is ≥ target (galloping from lo, then binary search). */
function gallop(docs: ArrayLike<number>, lo: number, end: number, target: number): number {
  let step = 1;
  let hi = lo + 1;
  while (hi < end && (docs[hi] as number) < target) {
    lo = hi;
    step <<= 1;
    hi = lo + step;
  }
  if (hi > end) hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((docs[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PostingCursor implements Cursor {
  doc = END;
  private i: number;
  private j = 0;
  constructor(
    private readonly docs: Uint32Array,
    private readonly tfs: Float32Array,
    start: number,
    private readonly end: number,
    private readonly dDocs: readonly number[] | undefined,
    private readonly dTfs: readonly number[] | undefined,
    /** idf × variant weight (1 exact, less for fuzzy or prefix). */
    readonly mult: number,
    readonly ub: number,
    readonly termId = -1,
    /** Max tf per block of base positions (blockMaxOf(tfs)); without it a cursor is one block. */
    private readonly blockMax?: Float32Array,
  ) {
    this.i = start;
    this.cost = end - start + (dDocs?.length ?? 0);
    this.load();
  }
  readonly cost: number;

  private load() {
    if (this.i < this.end) this.doc = this.docs[this.i] as number;
    else if (this.dDocs && this.j < this.dDocs.length) this.doc = this.dDocs[this.j] as number;
    else this.doc = END;
  }

  get tf(): number {
    return this.i < this.end ? (this.tfs[this.i] as number) : ((this.dTfs as number[])[this.j] as number);
  }

  score(): number {
    const tf = this.tf;
    return (this.mult * tf * (K1 + 1)) / (K1 + tf);
  }

  /** Last doc id of the block the cursor is in (END when exhausted). */
  blockLast(): number {
    if (this.doc === END) return END;
    if (this.i < this.end) {
      if (!this.blockMax) return this.docs[this.end - 1] as number;
      const stop = ((this.i >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
      return this.docs[Math.min(stop, this.end) - 1] as number;
    }
    const d = this.dDocs as readonly number[];
    return d[d.length - 1] as number;
  }

  /** Upper bound of the score of any posting in the current block. */
  blockUb(_last: number): number {
    if (this.i < this.end && this.blockMax) {
      const tf = this.blockMax[this.i >>> BLOCK_SHIFT] as number;
      return (this.mult * tf * (K1 + 1)) / (K1 + tf);
    }
    return this.ub;
  }

  next(): void {
    if (this.i < this.end) this.i++;
    else this.j++;
    this.load();
  }

  /** Moves to the first posting with doc ≥ target (galloping then binary search). */
  advance(target: number): void {
    if (this.doc >= target) return;
    if (this.i < this.end) {
      const docs = this.docs;
      if ((docs[this.end - 1] as number) < target) {
        this.i = this.end;
      } else {
        this.i = gallop(docs, this.i, this.end, target);
        this.load();
        return;
      }
    }
    const d = this.dDocs;
    if (d) {
      let lo = this.j;
      let hi = d.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((d[mid] as number) < target) lo = mid + 1;
        else hi = mid;
      }
      this.j = lo;
    }
    this.load();
  }
}

/**
 * A materialised posting list (doc ids ascending, final scores): the union of a term's small
 * variants, merged once per query so MaxScore steps one list instead of many.
 */
export class ListCursor implements Cursor {
  doc = END;
  readonly ub: number;
  private i = 0;
  private readonly blockMax: Float64Array;
  constructor(
    private readonly docs: Uint32Array,
    private readonly scores: Float64Array,
  ) {
    const n = docs.length;
    this.blockMax = new Float64Array(Math.ceil(n / (1 << BLOCK_SHIFT)));
    let ub = 0;
    for (let j = 0; j < n; j++) {
      const s = scores[j] as number;
      const b = j >>> BLOCK_SHIFT;
      if (s > (this.blockMax[b] as number)) this.blockMax[b] = s;
      if (s > ub) ub = s;
    }
    this.ub = ub;
    this.cost = n;
    if (n > 0) this.doc = docs[0] as number;
  }
  readonly cost: number;
  score(): number {
    return this.scores[this.i] as number;
  }
  next(): void {
    this.i++;
    this.doc = this.i < this.docs.length ? (this.docs[this.i] as number) : END;
  }
  advance(target: number): void {
    if (this.doc >= target) return;
    this.i = gallop(this.docs, this.i, this.docs.length, target);
    this.doc = this.i < this.docs.length ? (this.docs[this.i] as number) : END;
  }
  blockLast(): number {
    if (this.doc === END) return END;
    const stop = ((this.i >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
    return this.docs[Math.min(stop, this.docs.length) - 1] as number;
  }
  /** A merged list is sparse: the exact max of its few postings up to `last` (else its block's max). */
  blockUb(last: number): number {
    let ub = 0;
    const stop = Math.min(this.docs.length, this.i + 16);
    let j = this.i;
    for (; j < stop && (this.docs[j] as number) <= last; j++) if ((this.scores[j] as number) > ub) ub = this.scores[j] as number;
    if (j === stop && j < this.docs.length && (this.docs[j] as number) <= last) return this.blockMax[this.i >>> BLOCK_SHIFT] as number;
    return ub;
  }
}

/**
 * One query term: the union of its variants (exact, stemmed, typo and prefix expansions). A
 * document scores the best variant it contains, so a typo variant never adds to the exact one.
 */
export class TermGroup<C extends Cursor = PostingCursor> {
  doc = END;
  readonly ub: number;
  /** Postings over all variants. */
  readonly cost: number;
  constructor(readonly cursors: C[]) {
    let ub = 0;
    let cost = 0;
    for (const c of cursors) {
      if (c.ub > ub) ub = c.ub;
      cost += c.cost;
    }
    this.ub = ub;
    this.cost = cost;
    this.sync();
  }
  private sync() {
    let d = END;
    for (const c of this.cursors) if (c.doc < d) d = c.doc;
    this.doc = d;
  }
  /** Score of the current doc; 0 when positioned elsewhere. */
  scoreAt(doc: number): number {
    let best = 0;
    for (const c of this.cursors) {
      if (c.doc !== doc) continue;
      const s = c.score();
      if (s > best) best = s;
    }
    return best;
  }
  /** The smallest last doc of the variants' current blocks: up to it, every variant stays in its block. */
  blockLast(): number {
    let last = END;
    for (const c of this.cursors) {
      const l = c.blockLast();
      if (l < last) last = l;
    }
    return last;
  }
  /** Upper bound of the group's score over docs up to `last` (≤ blockLast()). */
  windowUb(last: number): number {
    let ub = 0;
    for (const c of this.cursors) {
      if (c.doc > last) continue;
      const b = c.blockUb(last);
      if (b > ub) ub = b;
    }
    return ub;
  }
  next(): void {
    const d = this.doc;
    for (const c of this.cursors) if (c.doc === d) c.next();
    this.sync();
  }
  advance(target: number): void {
    if (this.doc >= target) return;
    for (const c of this.cursors) c.advance(target);
    this.sync();
  }
}

/** A fixed-size min-heap of (score, doc, matched-term count). */
export class TopK {
  readonly scores: Float64Array;
  readonly docs: Int32Array;
  readonly matched: Uint8Array;
  size = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.docs = new Int32Array(k);
    this.matched = new Uint8Array(k);
  }
  get threshold(): number {
    return this.size < this.k ? 0 : (this.scores[0] as number);
  }
  push(score: number, doc: number, matched: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if ((this.scores[p] as number) <= score) break;
        this.move(i, p);
        i = p;
      }
      this.set(i, score, doc, matched);
      return;
    }
    if (score <= (this.scores[0] as number)) return;
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (this.scores[r] as number) < (this.scores[l] as number) ? r : l;
      if ((this.scores[c] as number) >= score) break;
      this.move(i, c);
      i = c;
    }
    this.set(i, score, doc, matched);
  }
  private move(to: number, from: number) {
    this.scores[to] = this.scores[from] as number;
    this.docs[to] = this.docs[from] as number;
    this.matched[to] = this.matched[from] as number;
  }
  private set(i: number, s: number, d: number, m: number) {
    this.scores[i] = s;
    this.docs[i] = d;
    this.matched[i] = m;
  }
  /** Entries best first. */
  sorted(): Array<{ score: number; doc: number; matched: number }> {
    const out: Array<{ score: number; doc: number; matched: number }> = [];
    for (let i = 0; i < this.size; i++)
      out.push({ score: this.scores[i] as number, doc: this.docs[i] as number, matched: this.matched[i] as number });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

/** Doc ids [from, to) and [tail, ∞). */
export interface DocRange {
  from: number;
  to: number;
  tail: number;
}

/**
 * Block-max MaxScore (Turtle & Flood's MaxScore over windows, as in Lucene's MaxScoreBulkScorer):
 * the doc-id space is walked in windows that end where the first variant's block ends, so inside
 * a window every variant is in one block and its block max bounds it. A window whose groups'
 * bounds together cannot beat the current k-th score is skipped whole. Inside a window the
 * groups with the lowest bounds per posting that together cannot lift a document over the k-th
 * score are "non-essential" and only probed; of the essential groups, only the variants that
 * could lift a document over it with every other group at its bound lead (are stepped through),
 * the others are probed too, so a common variant ("new" beside "newspaper") is not walked for
 * the sake of its rare siblings. Returns how many documents were scored.
 */
export function maxScore(
  groups: Array<TermGroup<Cursor>>,
  heap: TopK,
  accept: (doc: number) => boolean,
  /** Only docs in [from, to) or from `tail` on can match (a category's range of doc ids). */
  range?: DocRange,
): number {
  const n = groups.length;
  const g = [...groups];
  const wub = new Float64Array(n);
  const key = new Float64Array(n);
  const prefix = new Float64Array(n + 1);
  const leads: Cursor[] = [];
  let scored = 0;
  for (;;) {
    let from = END;
    let last = END;
    for (const t of g) {
      if (t.doc < from) from = t.doc;
      const l = t.blockLast();
      if (l < last) last = l;
    }
    if (from === END) break;
    if (range) {
      const jump = from < range.from ? range.from : from >= range.to && from < range.tail ? range.tail : -1;
      if (jump >= 0) {
        for (const t of g) t.advance(jump);
        continue;
      }
      if (from < range.to && last >= range.to) last = range.to - 1;
    }
    let theta = heap.threshold;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = (g[i] as TermGroup<Cursor>).windowUb(last);
      wub[i] = u;
      sum += u;
    }
    if (sum > theta) {
      // groups by window bound per posting, ascending (Lucene's order: a long list with low
      // scores is the first to become non-essential); n is small, so insertion sort
      for (let i = 0; i < n; i++) key[i] = (wub[i] as number) / Math.max(1, (g[i] as TermGroup<Cursor>).cost);
      for (let i = 1; i < n; i++) {
        const t = g[i] as TermGroup<Cursor>;
        const u = wub[i] as number;
        const kk = key[i] as number;
        let j = i - 1;
        while (j >= 0 && (key[j] as number) > kk) {
          g[j + 1] = g[j] as TermGroup<Cursor>;
          wub[j + 1] = wub[j] as number;
          key[j + 1] = key[j] as number;
          j--;
        }
        g[j + 1] = t;
        wub[j + 1] = u;
        key[j + 1] = kk;
      }
      for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (wub[i] as number);
      let firstEssential = 0;
      // the essential groups' variants that can lead to a competitive document
      const pickLeads = () => {
        while (firstEssential < n && (prefix[firstEssential + 1] as number) <= theta) firstEssential++;
        leads.length = 0;
        for (let i = firstEssential; i < n; i++) {
          const rest = sum - (wub[i] as number);
          for (const c of (g[i] as TermGroup<Cursor>).cursors) if (c.doc <= last && c.blockUb(last) + rest > theta) leads.push(c);
        }
      };
      pickLeads();
      for (;;) {
        let doc = END;
        for (const c of leads) if (c.doc < doc) doc = c.doc;
        if (doc > last || doc === END) break;
        if (!accept(doc)) {
          for (const c of leads) if (c.doc === doc) c.next();
          continue;
        }
        scored++;
        let score = 0;
        let matched = 0;
        for (let i = firstEssential; i < n; i++) {
          const t = g[i] as TermGroup<Cursor>;
          t.advance(doc);
          if (t.doc === doc) {
            score += t.scoreAt(doc);
            matched++;
            t.next();
          }
        }
        for (let i = firstEssential - 1; i >= 0; i--) {
          if (score + (prefix[i + 1] as number) <= theta) break;
          const t = g[i] as TermGroup<Cursor>;
          t.advance(doc);
          if (t.doc === doc) {
            score += t.scoreAt(doc);
            matched++;
          }
        }
        heap.push(score, doc, matched);
        if (heap.threshold > theta) {
          // the k-th score rose: fewer groups and variants can still lift a document
          theta = heap.threshold;
          pickLeads();
        }
      }
    }
    if (last === END) break;
    for (const t of g) t.advance(last + 1);
  }
  return scored;
}
