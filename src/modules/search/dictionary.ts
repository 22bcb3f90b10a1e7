/**
 * The sorted term dictionary: prefix ranges by binary search and typo candidates by a
 * Levenshtein walk over the sorted array as an implicit trie. Consecutive terms share their
 * DP rows for the common prefix, and a prefix whose best row value already exceeds the allowed
 * distance is skipped with one binary search, so a lookup visits the neighbourhood of the query
 * in the trie, never every term.
 */

const HIGH = '\uffff';

export function lowerBound(arr: readonly string[], s: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as string) < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [start, end) of the terms starting with `prefix`. */
export function prefixRange(arr: readonly string[], prefix: string): [number, number] {
  return [lowerBound(arr, prefix), lowerBound(arr, prefix + HIGH)];
}

export interface FuzzyHit {
  term: string;
  distance: number;
}

const MAX_DEPTH = 64;

/** First letters tried for a typo in a query's first letter (the analyzer folds to these for Latin text). */
const FIRST_LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Terms within `k` edits (insert, delete, substitute, or swap of adjacent characters) of `q`
 * that start with q's first or second letter, plus — for queries of 3+ characters — the terms one
 * edit away through the first letter alone (replaced: "bpple" → apple; left out: "pple" → apple),
 * found by direct lookups; at most `limit` of them, nearest first.
 */
export function fuzzyLookup(sorted: readonly string[], q: string, k: number, limit = 50, extra: readonly string[] = []): FuzzyHit[] {
  const m = q.length;
  if (m === 0 || m > MAX_DEPTH) return [];
  const hits: FuzzyHit[] = [];
  // Edits reach most short prefixes, so a walk from the root visits a large part of the
  // dictionary: keep to words that start with the query's first or second letter (a typo in
  // the first letter is rare; a swap of the first two letters is covered).
  const firsts = m > 1 ? [...new Set([q[0] as string, q[1] as string])] : [q[0] as string];
  for (const f of firsts) {
    const [a, b] = prefixRange(sorted, f);
    walk(sorted, a, b, q, k, hits);
  }
  if (k >= 1 && m >= 3) {
    // a walk from every first letter would visit most of the dictionary; these are 72 lookups
    const rest = q.slice(1);
    for (const c of FIRST_LETTERS) {
      if (c === q[0] || c === q[1]) continue; // those subtrees were walked
      for (const t of [c + rest, c + q]) {
        const i = lowerBound(sorted, t);
        if (sorted[i] === t) hits.push({ term: t, distance: 1 });
      }
    }
  }
  for (const t of extra) {
    const d = boundedDistance(q, t, k);
    if (d <= k) hits.push({ term: t, distance: d });
  }
  hits.sort((a, b) => a.distance - b.distance);
  return hits.length > limit ? hits.slice(0, limit) : hits;
}

function walk(sorted: readonly string[], from: number, to: number, q: string, k: number, hits: FuzzyHit[]): void {
  const m = q.length;
  const width = m + 1;
  const rows = new Int32Array((MAX_DEPTH + 1) * width);
  for (let j = 0; j <= m; j++) rows[j] = j;
  const qc = new Int32Array(m);
  for (let j = 0; j < m; j++) qc[j] = q.charCodeAt(j);
  let prev = '';
  let valid = 0; // rows[0..valid] are correct for `prev`
  let i = from;
  const n = to;
  while (i < n) {
    const t = sorted[i] as string;
    const len = Math.min(t.length, MAX_DEPTH);
    let cp = 0;
    const lim = Math.min(valid, len, prev.length);
    while (cp < lim && prev.charCodeAt(cp) === t.charCodeAt(cp)) cp++;
    let pruned = -1;
    for (let d = cp + 1; d <= len; d++) {
      const c = t.charCodeAt(d - 1);
      const base = d * width;
      const up = (d - 1) * width;
      rows[base] = d;
      let min = d;
      for (let j = 1; j <= m; j++) {
        const sub = (rows[up + j - 1] as number) + (qc[j - 1] === c ? 0 : 1);
        const del = (rows[up + j] as number) + 1;
        const ins = (rows[base + j - 1] as number) + 1;
        let v = Math.min(sub, del, ins);
        // adjacent transposition counts as one edit (optimal string alignment)
        if (d > 1 && j > 1 && qc[j - 1] === t.charCodeAt(d - 2) && qc[j - 2] === c) {
          const tr = (rows[(d - 2) * width + j - 2] as number) + 1;
          if (tr < v) v = tr;
        }
        rows[base + j] = v;
        if (v < min) min = v;
      }
      if (min > k) {
        pruned = d;
        break;
      }
    }
    prev = t;
    if (pruned > 0) {
      valid = pruned - 1;
      // every term with this prefix is too far: jump past them
      i = skipPrefix(sorted, i, n, t, pruned);
      continue;
    }
    valid = len;
    const dist = rows[len * width + m] as number;
    if (dist <= k && len === t.length) hits.push({ term: t, distance: dist });
    i++;
  }
}

function sharesPrefix(s: string, t: string, len: number): boolean {
  if (s.length < len) return false;
  for (let i = len - 1; i >= 0; i--) if (s.charCodeAt(i) !== t.charCodeAt(i)) return false;
  return true;
}

/** First index after i (below n) whose term does not start with t's first `len` chars: gallop, then bisect. */
function skipPrefix(sorted: readonly string[], i: number, n: number, t: string, len: number): number {
  let lo = i;
  let step = 1;
  let hi = i + 1;
  while (hi < n && sharesPrefix(sorted[hi] as string, t, len)) {
    lo = hi;
    step *= 2;
    hi = i + step;
  }
  if (hi > n) hi = n;
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (sharesPrefix(sorted[mid] as string, t, len)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Levenshtein distance, or k+1 as soon as it is known to exceed k. */
export function boundedDistance(a: string, b: string, k: number): number {
  if (Math.abs(a.length - b.length) > k) return k + 1;
  const m = b.length;
  let prev2 = new Int32Array(m + 1);
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let min = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      let v = Math.min((prev[j - 1] as number) + (b.charCodeAt(j - 1) === c ? 0 : 1), (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      if (i > 1 && j > 1 && c === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < min) min = v;
    }
    if (min > k) return k + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m] as number;
}

/** Allowed edits for a query term of this length ("fuzziness AUTO": 0 below 4, 1 below 8, else 2). */
export const fuzziness = (len: number): number => (len < 4 ? 0 : len < 8 ? 1 : 2);
