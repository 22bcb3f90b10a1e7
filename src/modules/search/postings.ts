/**
 * Posting-list cursors and the MaxScore top-k loop. A posting list is a slice of the base
 * segment (typed arrays, doc ids ascending) followed by the term's postings in the delta
 * segment (docs indexed since the last merge; their ids are all larger). Each entry carries a
 * BM25F pseudo term frequency (field-weighted, length-normalised), so a posting's score is
 * `idf · tf·(k1+1)/(k1+tf)` and a term's upper bound comes from its largest tf.
 */

export const K1 = 1.2;
export const END = 0x7fffffff;

export const bm25 = (idf: number, tf: number) => (idf * tf * (K1 + 1)) / (K1 + tf);

export class PostingCursor {
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
  ) {
    this.i = start;
    this.load();
  }

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
        let step = 1;
        let lo = this.i;
        let hi = lo + 1;
        while (hi < this.end && (docs[hi] as number) < target) {
          lo = hi;
          step <<= 1;
          hi = lo + step;
        }
        if (hi > this.end) hi = this.end;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((docs[mid] as number) < target) lo = mid + 1;
          else hi = mid;
        }
        this.i = lo;
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
 * One query term: the union of its variants (exact, stemmed, typo and prefix expansions). A
 * document scores the best variant it contains, so a typo variant never adds to the exact one.
 */
export class TermGroup {
  doc = END;
  readonly ub: number;
  constructor(readonly cursors: PostingCursor[]) {
    let ub = 0;
    for (const c of cursors) if (c.ub > ub) ub = c.ub;
    this.ub = ub;
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
  /** Whether an exact (weight 1) variant matches the doc. */
  exactAt(doc: number, exactMult: number): boolean {
    for (const c of this.cursors) if (c.doc === doc && c.mult >= exactMult) return true;
    return false;
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

/**
 * MaxScore (Turtle & Flood): terms sorted by upper bound; the low ones whose bounds together
 * cannot lift a document over the current k-th score are "non-essential" and only probed for
 * documents found through the essential ones. Returns how many documents were scored.
 */
export function maxScore(groups: TermGroup[], heap: TopK, accept: (doc: number) => boolean): number {
  const g = [...groups].sort((a, b) => a.ub - b.ub);
  const n = g.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (g[i] as TermGroup).ub;
  let firstEssential = 0;
  let scored = 0;
  for (;;) {
    const theta = heap.threshold;
    while (firstEssential < n && (prefix[firstEssential + 1] as number) <= theta) firstEssential++;
    if (firstEssential >= n) break;
    let doc = END;
    for (let i = firstEssential; i < n; i++) {
      const d = (g[i] as TermGroup).doc;
      if (d < doc) doc = d;
    }
    if (doc === END) break;
    if (!accept(doc)) {
      for (let i = firstEssential; i < n; i++) {
        const t = g[i] as TermGroup;
        if (t.doc === doc) t.next();
      }
      continue;
    }
    scored++;
    let score = 0;
    let matched = 0;
    for (let i = firstEssential; i < n; i++) {
      const t = g[i] as TermGroup;
      if (t.doc === doc) {
        score += t.scoreAt(doc);
        matched++;
        t.next();
      }
    }
    for (let i = firstEssential - 1; i >= 0; i--) {
      if (score + (prefix[i + 1] as number) <= theta) break;
      const t = g[i] as TermGroup;
      t.advance(doc);
      if (t.doc === doc) {
        score += t.scoreAt(doc);
        matched++;
      }
    }
    heap.push(score, doc, matched);
  }
  return scored;
}
