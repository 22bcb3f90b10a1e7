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
  const size = 1 << BLOCK_SHIFT;
  const out = new Float32Array(Math.ceil(tfs.length / size));
  for (let b = 0; b < out.length; b++) {
    const end = Math.min(tfs.length, (b + 1) * size);
    let m = 0;
    for (let i = b * size; i < end; i++) if ((tfs[i] as number) > m) m = tfs[i] as number;
    out[b] = m;
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
