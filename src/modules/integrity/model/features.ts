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

/**
 * Counts bucket ids with an open-addressing table in reusable typed arrays (featurisation is
 * hot: thousands of texts a second), then emits sublinear-tf, L2-normalised values.
 */
class BucketCounter {
  private keys = new Uint32Array(1 << 12); // bucket + 1; 0 = empty
  private counts = new Uint32Array(1 << 12);
  private used: number[] = [];

  add(bucket: number): void {
    if (this.used.length * 2 >= this.keys.length) this.grow();
    this.insert(bucket + 1, 1);
  }

  private insert(k: number, n: number): void {
    const mask = this.keys.length - 1;
    for (let i = Math.imul(k, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const cur = this.keys[i];
      if (cur === k) {
        this.counts[i] = (this.counts[i] as number) + n;
        return;
      }
      if (cur === 0) {
        this.keys[i] = k;
        this.counts[i] = n;
        this.used.push(i);
        return;
      }
    }
  }

  private grow(): void {
    const { keys, counts, used } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    this.used = [];
    for (const i of used) this.insert(keys[i] as number, counts[i] as number);
  }

  /** Appends the group's values onto `keys`/`vals` and empties the counter. */
  flush(weight: number, keys: number[], vals: number[]): void {
    if (this.used.length === 0) return;
    const start = vals.length;
    let norm = 0;
    for (const i of this.used) {
      const v = 1 + Math.log(this.counts[i] as number);
      keys.push((this.keys[i] as number) - 1);
      vals.push(v);
      norm += v * v;
      this.keys[i] = 0;
    }
    this.used = [];
    const scale = weight / Math.sqrt(norm);
    for (let i = start; i < vals.length; i++) vals[i] = (vals[i] as number) * scale;
  }
}
const counter = new BucketCounter();

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
  for (const order of spec.wordNgrams) {
    for (let i = 0; i + order <= th.length; i++) {
      let h = th[i] as number;
      for (let k = 1; k < order; k++) h = mix(h, th[i + k] as number);
      counter.add(mix(h, order) & mask);
    }
  }
  counter.flush(1, keys, vals);

  // Start/end markers let n-grams see how a text opens and whether it stops mid-sentence.
  const s = `\u0002${ex.text.toLowerCase()}\u0003`;
  // One pass: the FNV state after 1..maxOrder characters from position i gives every order's gram.
  const orders = new Uint8Array(Math.max(...spec.charNgrams, 0) + 1);
  for (const o of spec.charNgrams) orders[o] = 1;
  for (let i = 0; i < s.length; i++) {
    let h = 0x811c9dc5;
    for (let o = 1; o < orders.length && i + o <= s.length; o++) {
      h = Math.imul(h ^ s.charCodeAt(i + o - 1), 0x01000193);
      if (orders[o]) counter.add(finalise(h ^ Math.imul(o, 0x9e3779b1)) & mask);
    }
  }
  counter.flush(spec.charWeight, keys, vals);

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
