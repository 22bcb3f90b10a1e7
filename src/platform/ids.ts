import crypto from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes drawn 4 KiB at a time: one system call per ~400 ids instead of one per id. */
const pool = Buffer.allocUnsafe(4096);
let poolAt = pool.length;
let lastMs = -1;
let seq = 0;

/**
 * Time-sortable ids (UUIDv7, RFC 9562) for every row that others refer to. Within one
 * millisecond a 31-bit counter (random start) keeps ids from this process strictly increasing,
 * the layout the `uuid` package uses; the last 42 bits are random.
 */
export function newId(): string {
  if (poolAt + 10 > pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 10;
  let ms = Date.now();
  if (ms > lastMs) {
    seq = pool.readUInt32BE(r) & 0x7fffffff;
    lastMs = ms;
  } else {
    seq = (seq + 1) | 0;
    if (seq < 0) {
      // counter overflow within one millisecond: borrow the next millisecond
      seq = 0;
      lastMs++;
    }
    ms = lastMs;
  }
  const b = [
    Math.floor(ms / 0x10000000000) & 0xff,
    Math.floor(ms / 0x100000000) & 0xff,
    (ms >>> 24) & 0xff,
    (ms >>> 16) & 0xff,
    (ms >>> 8) & 0xff,
    ms & 0xff,
    0x70 | ((seq >>> 28) & 0x0f),
    (seq >>> 20) & 0xff,
    0x80 | ((seq >>> 14) & 0x3f),
    (seq >>> 6) & 0xff,
    ((seq << 2) & 0xff) | ((pool[r + 4] as number) & 0x03),
    pool[r + 5] as number,
    pool[r + 6] as number,
    pool[r + 7] as number,
    pool[r + 8] as number,
    pool[r + 9] as number,
  ].map((x) => HEX[x]);
  return `${b[0]}${b[1]}${b[2]}${b[3]}-${b[4]}${b[5]}-${b[6]}${b[7]}-${b[8]}${b[9]}-${b[10]}${b[11]}${b[12]}${b[13]}${b[14]}${b[15]}`;
}

/** A random URL-safe secret (session tokens, API keys). */
export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

/** SHA-256 hex of a secret; secrets are stored only as hashes. */
export const sha256Hex = (s: string | Buffer): string => crypto.createHash('sha256').update(s).digest('hex');
