/**
 * Top-k selection over posting lists: a fixed-size heap of the best (score, doc) pairs, and
 * block-max MaxScore, which finds the k best documents of a multi-term query without scoring
 * every match.
 */
import { type Cursor, END, type TermGroup } from './postings.js';

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
