/**
 * MinHash signatures for near-duplicate text: 64 minima of salted hashes over character
 * 5-gram shingles of the normalised text. The share of equal positions between two signatures
 * estimates the Jaccard similarity of their shingle sets, so "Best app ever!!! Must download"
 * and "best app ever, must download!" look alike while unrelated reviews do not.
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

/** The signature as bytes (little-endian uint32s), or null for text with nothing to compare. */
export function minhash(text: string): Buffer | null {
  const s = normaliseForShingles(text);
  if (s.length === 0) return null;
  const bases: number[] = [];
  if (s.length <= SHINGLE) bases.push(fnv(s, 0, s.length));
  else for (let i = 0; i + SHINGLE <= s.length; i++) bases.push(fnv(s, i, i + SHINGLE));
  const sig = Buffer.alloc(MINHASH_K * 4);
  for (let k = 0; k < MINHASH_K; k++) {
    const salt = SALTS[k] as number;
    let min = 0xffffffff;
    for (const b of bases) {
      let h = Math.imul(b ^ salt, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      if (h < min) min = h;
    }
    sig.writeUInt32LE(min >>> 0, k * 4);
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures, in [0, 1]. */
export function similarity(a: Buffer, b: Buffer): number {
  let same = 0;
  for (let k = 0; k < MINHASH_K; k++) if (a.readUInt32LE(k * 4) === b.readUInt32LE(k * 4)) same++;
  return same / MINHASH_K;
}
