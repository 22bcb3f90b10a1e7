/**
 * Relevance evaluation shared by the test suite (generated catalog) and the evaluation script
 * (real catalog): known-item queries derived from the catalog itself (exact name, one or two
 * typos, missing spaces, a prefix, developer + a word of the name), scored by success@1 and @3.
 */
import { normalizeQueryText } from './analyzer.js';
import type { SearchIndex } from './engine.js';

export type QueryKind = 'exact' | 'typo1' | 'typo2' | 'joined' | 'prefix' | 'developer';

export interface LabelledQuery {
  kind: QueryKind;
  q: string;
  /** Acceptable answers: the target and any app with the very same name. */
  answers: Set<number>;
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One edit inside the word (not its first letter): substitute, delete, insert or swap neighbours. */
export function typo(word: string, r: () => number): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(r() * (word.length - 1));
  const kind = Math.floor(r() * 4);
  const c = LETTERS[Math.floor(r() * 26)] as string;
  if (kind === 0) return word.slice(0, i) + (c === word[i] ? (c === 'a' ? 'e' : 'a') : c) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 2) return word.slice(0, i) + c + word.slice(i);
  if (i + 1 < word.length && word[i] !== word[i + 1]) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  return word.slice(0, i) + word.slice(i + 1);
}

/**
 * Known-item queries for random live apps. Apps whose names are shared by others count all
 * of them as right answers.
 */
export function knownItemQueries(ix: SearchIndex, count: number, seed = 1): LabelledQuery[] {
  const r = rng(seed);
  const byName = new Map<string, number[]>();
  // apps drawn in bundle-id order, so the sample does not depend on how the index numbers docs
  const pool: number[] = [];
  for (let d = 0; d < ix.size; d++) {
    if (!ix.live[d]) continue;
    pool.push(d);
    const k = normalizeQueryText(ix.names[d] as string);
    const list = byName.get(k);
    if (list) list.push(d);
    else byName.set(k, [d]);
  }
  pool.sort((a, b) =>
    (ix.bundleIds[a] as string) < (ix.bundleIds[b] as string) ? -1 : (ix.bundleIds[a] as string) > (ix.bundleIds[b] as string) ? 1 : a - b,
  );
  const out: LabelledQuery[] = [];
  const kinds: QueryKind[] = ['exact', 'typo1', 'typo2', 'joined', 'prefix', 'developer'];
  let guard = 0;
  while (out.length < count && guard++ < count * 50) {
    if (pool.length === 0) break;
    const doc = pool[Math.floor(r() * pool.length)] as number;
    const name = ix.names[doc] as string;
    const key = normalizeQueryText(name);
    const words = key.split(' ').filter(Boolean);
    if (words.length === 0 || key.length < 4) continue;
    const answers = new Set(byName.get(key) ?? [doc]);
    const kind = kinds[out.length % kinds.length] as QueryKind;
    let q: string | null = null;
    if (kind === 'exact') q = name;
    else if (kind === 'typo1') {
      const i = words.findIndex((w) => w.length >= 5);
      if (i >= 0) q = words.map((w, j) => (j === i ? typo(w, r) : w)).join(' ');
    } else if (kind === 'typo2') {
      const long = words.findIndex((w) => w.length >= 8);
      if (long >= 0) q = words.map((w, j) => (j === long ? typo(typo(w, r), r) : w)).join(' ');
      else {
        const idx = words.map((w, j) => (w.length >= 5 ? j : -1)).filter((j) => j >= 0);
        if (idx.length >= 2) q = words.map((w, j) => (idx.slice(0, 2).includes(j) ? typo(w, r) : w)).join(' ');
      }
    } else if (kind === 'joined') {
      if (words.length >= 2 && words.length <= 3) q = words.join('');
    } else if (kind === 'prefix') {
      // typing not finished: the last word cut short (at least 3 of its letters kept)
      const last = words[words.length - 1] as string;
      if (words.length >= 2 && last.length >= 5) q = `${words.slice(0, -1).join(' ')} ${last.slice(0, Math.max(3, last.length - 3))}`;
    } else if (kind === 'developer') {
      const dev = normalizeQueryText(ix.developers[doc] as string);
      const w = words.find((x) => x.length >= 4);
      if (dev && w) {
        q = `${dev} ${w}`;
        // every app of this developer with that word is a right answer
        answers.clear();
        for (let d = 0; d < ix.size; d++)
          if (
            ix.live[d] &&
            ix.developers[d] === ix.developers[doc] &&
            normalizeQueryText(ix.names[d] as string)
              .split(' ')
              .includes(w)
          )
            answers.add(d);
      }
    }
    if (q) out.push({ kind, q, answers });
  }
  return out;
}

export interface RelevanceReport {
  queries: number;
  successAt1: number;
  successAt3: number;
  byKind: Record<string, { n: number; at1: number; at3: number }>;
  failures: Array<{ kind: QueryKind; q: string; got: string[]; want: string }>;
}

export function evaluate(ix: SearchIndex, queries: LabelledQuery[], textWeight = 0.6): RelevanceReport {
  let at1 = 0;
  let at3 = 0;
  const byKind: RelevanceReport['byKind'] = {};
  const failures: RelevanceReport['failures'] = [];
  for (const lq of queries) {
    const hits = ix.search({ q: lq.q, limit: 3, offset: 0 }, { text: textWeight }).hits.map((h) => h.doc);
    byKind[lq.kind] ??= { n: 0, at1: 0, at3: 0 };
    const k = byKind[lq.kind] as { n: number; at1: number; at3: number };
    k.n++;
    const ok1 = hits.length > 0 && lq.answers.has(hits[0] as number);
    const ok3 = hits.some((h) => lq.answers.has(h));
    if (ok1) {
      at1++;
      k.at1++;
    }
    if (ok3) {
      at3++;
      k.at3++;
    }
    if (!ok1 && failures.length < 50)
      failures.push({
        kind: lq.kind,
        q: lq.q,
        got: hits.map((h) => ix.names[h] as string),
        want: ix.names[[...lq.answers][0] as number] as string,
      });
  }
  const n = Math.max(1, queries.length);
  for (const v of Object.values(byKind)) {
    v.at1 = Math.round((v.at1 / v.n) * 1000) / 1000;
    v.at3 = Math.round((v.at3 / v.n) * 1000) / 1000;
  }
  return { queries: queries.length, successAt1: at1 / n, successAt3: at3 / n, byKind, failures };
}
