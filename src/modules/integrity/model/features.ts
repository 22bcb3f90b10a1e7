/**
 * Text → sparse feature vector by the hashing trick: word 1–2-grams and character n-grams
 * of the raw text are hashed into a fixed number of buckets (no vocabulary to store or keep
 * in step between processes), with sublinear term frequency and per-group L2 normalisation.
 * A few dense "behaviour" features (the integrity signals, the star rating) are appended
 * after the hashed part. Everything is deterministic: same text, same vector.
 */

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Word n-gram orders, e.g. [1, 2]. */
  wordNgrams: number[];
  /** Character n-gram orders over the lower-cased text with its whitespace kept, e.g. [2, 3, 4, 5]. */
  charNgrams: number[];
  /** Weight of the character group relative to the word group. */
  charWeight: number;
}

export const DEFAULT_SPEC: FeatureSpec = { bits: 20, wordNgrams: [1, 2, 3], charNgrams: [1, 2, 3, 4], charWeight: 1 };

/** Dense features after the hashed buckets: signals (6), has-signals flag, rating one-hot (5), has-rating flag. */
export const SIGNAL_NAMES = ['velocity', 'content', 'accountAge', 'verifiedPurchase', 'coordination', 'originality'] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
export type Signals = Record<SignalName, number>;
export const DENSE_COUNT = SIGNAL_NAMES.length + 1 + 5 + 1;

export interface Example {
  text: string;
  rating?: number | null;
  signals?: Signals | null;
}

/** A sparse vector: parallel index/value arrays; an index may repeat (a hash collision), values add up. */
export interface SparseVec {
  idx: Uint32Array;
  val: Float32Array;
}

export const dims = (spec: FeatureSpec) => (1 << spec.bits) + DENSE_COUNT;

/** Murmur3's finaliser: spreads FNV states evenly over the buckets. */
function finalise(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over a string slice with a seed, finalised. */
function hashSlice(s: string, from: number, to: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return finalise(h);
}

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)?|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Reusable scratch space for bucket ids (featurisation is hot: thousands of texts a second). */
let scratch = new Uint32Array(1 << 14);
function push(n: number, k: number): number {
  if (n === scratch.length) {
    const bigger = new Uint32Array(scratch.length * 2);
    bigger.set(scratch);
    scratch = bigger;
  }
  scratch[n] = k;
  return n + 1;
}

/** Sorts the collected bucket ids, then adds sublinear-tf, L2-normalised counts onto `keys`/`vals`. */
function addGroup(n: number, weight: number, keys: number[], vals: number[]) {
  if (n === 0) return;
  const ids = scratch.subarray(0, n).sort();
  const start = keys.length;
  let norm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && ids[j] === ids[i]) j++;
    const v = 1 + Math.log(j - i);
    keys.push(ids[i] as number);
    vals.push(v);
    norm += v * v;
    i = j;
  }
  const scale = weight / Math.sqrt(norm);
  for (let i = start; i < vals.length; i++) vals[i] = (vals[i] as number) * scale;
}

const mix = (a: number, b: number) => {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
};

export function featurize(ex: Example, spec: FeatureSpec): SparseVec {
  const mask = (1 << spec.bits) - 1;
  const keys: number[] = [];
  const vals: number[] = [];

  const tokens = tokenize(ex.text);
  const th = tokens.map((t) => hashSlice(t, 0, t.length, 1));
  let n = 0;
  for (const order of spec.wordNgrams) {
    for (let i = 0; i + order <= th.length; i++) {
      let h = th[i] as number;
      for (let k = 1; k < order; k++) h = mix(h, th[i + k] as number);
      n = push(n, mix(h, order) & mask);
    }
  }
  addGroup(n, 1, keys, vals);

  // Start/end markers let n-grams see how a text opens and whether it stops mid-sentence.
  const s = `\u0002${ex.text.toLowerCase()}\u0003`;
  n = 0;
  // One pass: the FNV state after 1..maxOrder characters from position i gives every order's gram.
  const orders = new Uint8Array(Math.max(...spec.charNgrams, 0) + 1);
  for (const o of spec.charNgrams) orders[o] = 1;
  for (let i = 0; i < s.length; i++) {
    let h = 0x811c9dc5;
    for (let o = 1; o < orders.length && i + o <= s.length; o++) {
      h = Math.imul(h ^ s.charCodeAt(i + o - 1), 0x01000193);
      if (orders[o]) n = push(n, finalise(h ^ Math.imul(o, 0x9e3779b1)) & mask);
    }
  }
  addGroup(n, spec.charWeight, keys, vals);

  const base = 1 << spec.bits;
  if (ex.signals) {
    SIGNAL_NAMES.forEach((name, i) => {
      keys.push(base + i);
      vals.push(ex.signals?.[name] ?? 0);
    });
    keys.push(base + SIGNAL_NAMES.length);
    vals.push(1);
  }
  const r = ex.rating;
  if (r !== undefined && r !== null && r >= 1 && r <= 5) {
    keys.push(base + SIGNAL_NAMES.length + Math.round(r), base + SIGNAL_NAMES.length + 6);
    vals.push(1, 1);
  }

  const idx = Uint32Array.from(keys);
  const val = Float32Array.from(vals);
  return { idx, val };
}
