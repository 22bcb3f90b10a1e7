/**
 * MinHash signatures for near-duplicate text: 64 minima of salted hashes over character
 * 5-gram shingles of the normalised text. The share of equal positions between two signatures
 * estimates the Jaccard similarity of their shingle sets, so "Best app ever!!! Must download"
 * and "best app ever, must download!" look alike while unrelated reviews do not.
 * Locality-sensitive banding (16 bands of 4 rows) finds the candidates worth comparing without
 * scanning every earlier review: pairs above ~0.6 similarity share a band with ≥ 89% chance.
 */
export const MINHASH_K = 64;
const SHINGLE = 5;

const SALTS = (() => {
  const out = new Uint32Array(MINHASH_K);
  let s = 0x2545f491;
  for (let i = 0; i < MINHASH_K; i++) {
    s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39;
    out[i] = s >>> 0;
  }
  return out;
})();

export const normaliseForShingles = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function fnv(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export type Signature = Uint32Array;

/** The signature of a text, or null for text with nothing to compare. */
export function minhash(text: string): Signature | null {
  const s = normaliseForShingles(text);
  if (s.length === 0) return null;
  const count = Math.max(1, s.length - SHINGLE + 1);
  const bases = new Uint32Array(count);
  if (s.length <= SHINGLE) bases[0] = fnv(s, 0, s.length);
  else for (let i = 0; i < count; i++) bases[i] = fnv(s, i, i + SHINGLE);
  const sig = new Uint32Array(MINHASH_K);
  for (let k = 0; k < MINHASH_K; k++) {
    const salt = SALTS[k] as number;
    let min = 0xffffffff;
    for (let i = 0; i < count; i++) {
      let h = Math.imul((bases[i] as number) ^ salt, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      if (h < min) min = h;
    }
    sig[k] = min;
  }
  return sig;
}

/** Bytes for storage (host order: little-endian on every platform Node runs on), and back. */
export const signatureToBytes = (sig: Signature): Buffer => Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
export function signatureFromBytes(b: Buffer): Signature {
  const copy = new Uint8Array(MINHASH_K * 4);
  copy.set(b.subarray(0, MINHASH_K * 4)); // a fresh buffer, so the 32-bit view is aligned
  return new Uint32Array(copy.buffer);
}

/** Estimated Jaccard similarity of two signatures, in [0, 1]. */
export function similarity(a: Signature, b: Signature): number {
  let same = 0;
  for (let k = 0; k < MINHASH_K; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_K;
}

export const BANDS = 16;
const ROWS = MINHASH_K / BANDS;

/** One hash per band of the signature; texts sharing any band are near-duplicate candidates. */
export function bandKeys(sig: Signature): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = Math.imul(0x9e3779b1, b + 1);
    for (let r = 0; r < ROWS; r++) {
      h = Math.imul(h ^ (sig[b * ROWS + r] as number), 0x01000193);
      h ^= h >>> 15;
    }
    out.push(h >>> 0);
  }
  return out;
}
