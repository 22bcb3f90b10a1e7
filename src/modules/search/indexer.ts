/**
 * The indexer's side of text analysis: the terms of analyzer.ts's forEachTerm(text, true, …),
 * produced as char codes in a scratch buffer and looked up in a hash table of char codes, so
 * indexing a document allocates no string for a word the dictionary already holds (a full build
 * meets tens of millions of words and a few million distinct terms). analyzer.test.ts checks
 * that both give the same terms.
 */
import { analyzeUnicode, charClass, MAX_TOKEN_LENGTH } from './analyzer.js';

const EMPTY = -1;

/** Distinct terms by their char codes (open addressing, FNV-1a), numbered in order of arrival. */
export class TermTable {
  size = 0;
  private chars: Uint16Array;
  private used = 0;
  private start: Uint32Array;
  private len: Uint8Array;
  private hash: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  private readonly scratch = new Uint16Array(256);

  /** Room for `expected` terms up front (growing big typed arrays costs garbage collections). */
  constructor(expected = 1 << 14) {
    const cap = Math.max(1 << 10, expected);
    this.chars = new Uint16Array(cap * 10);
    this.start = new Uint32Array(cap);
    this.len = new Uint8Array(cap);
    this.hash = new Uint32Array(cap);
    let slots = 1 << 11;
    while (slots < cap * 2) slots *= 2;
    this.slots = new Int32Array(slots).fill(EMPTY);
    this.mask = slots - 1;
  }

  /** Id of the term in buf[0, n) (n ≤ 255), added when new. */
  idOf(buf: Uint16Array, n: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    h >>>= 0;
    const mask = this.mask;
    let s = h & mask;
    for (;;) {
      const id = this.slots[s] as number;
      if (id === EMPTY) return this.insert(buf, n, h, s);
      if (this.hash[id] === h && this.len[id] === n) {
        const at = this.start[id] as number;
        let i = 0;
        while (i < n && this.chars[at + i] === buf[i]) i++;
        if (i === n) return id;
      }
      s = (s + 1) & mask;
    }
  }

  /** Id of a term given as a string (at most 255 code units). */
  idOfString(t: string): number {
    const n = Math.min(t.length, 255);
    const buf = this.scratch;
    for (let i = 0; i < n; i++) buf[i] = t.charCodeAt(i);
    return this.idOf(buf, n);
  }

  /** Every term as a string, by id. */
  strings(): string[] {
    const out: string[] = new Array(this.size);
    for (let id = 0; id < this.size; id++) {
      const at = this.start[id] as number;
      out[id] = String.fromCharCode.apply(null, this.chars.subarray(at, at + (this.len[id] as number)) as unknown as number[]);
    }
    return out;
  }

  private insert(buf: Uint16Array, n: number, h: number, slot: number): number {
    const id = this.size++;
    if (id === this.start.length) {
      const cap = id * 2;
      this.start = grown(this.start, cap);
      this.len = grown(this.len, cap);
      this.hash = grown(this.hash, cap);
    }
    if (this.used + n > this.chars.length) this.chars = grown(this.chars, Math.max(this.chars.length * 2, this.used + n));
    this.chars.set(buf.subarray(0, n), this.used);
    this.start[id] = this.used;
    this.len[id] = n;
    this.hash[id] = h;
    this.used += n;
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash() {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let s = (this.hash[id] as number) & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, n: number): T {
  const C = a.constructor as new (n: number) => T;
  const b = new C(n);
  b.set(a);
  return b;
}

/**
 * Scans a field into term ids: the ASCII rules of analyzer.ts's scanAscii on char codes (words
 * split at camelCase and letter↔digit boundaries and stemmed, runs of several parts also
 * joined, groups of 2–4 runs joined by - ' . _ also joined), the Unicode path otherwise.
 */
export class FieldScanner {
  private readonly tok = new Uint16Array(MAX_TOKEN_LENGTH + 1);
  private readonly join = new Uint16Array(MAX_TOKEN_LENGTH + 1);
  constructor(private readonly table: TermTable) {}

  /** Calls `emit` with the id of every term of the text's first `maxChars` characters. */
  scan(text: string, maxChars: number, emit: (id: number) => void): void {
    const src = text.length > maxChars ? text.slice(0, maxChars) : text;
    const n = src.length;
    for (let i = 0; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c >= 128 && charClass(c) < 0) {
        for (const t of analyzeUnicode(src, true)) emit(this.table.idOfString(t.term));
        return;
      }
    }
    const table = this.table;
    const tok = this.tok;
    const join = this.join;
    let groupParts = 0;
    let joinLen = 0;
    let i = 0;
    while (i <= n) {
      const c = i < n ? charClass(src.charCodeAt(i)) : 4;
      if (c === 4) {
        if (groupParts > 1 && groupParts <= 4 && joinLen <= MAX_TOKEN_LENGTH) emit(table.idOf(join, joinLen));
        groupParts = 0;
        joinLen = 0;
        i++;
        continue;
      }
      if (c === 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < n) {
        const k = charClass(src.charCodeAt(j));
        if (k === 0 || k === 4) break;
        j++;
      }
      // parts: runs of lower case, of digits, or of capitals (the last capital starts a word)
      let parts = 0;
      let p = i;
      while (p < j) {
        const k = charClass(src.charCodeAt(p));
        let q = p + 1;
        if (k === 3) {
          while (q < j && charClass(src.charCodeAt(q)) === 3) q++;
        } else if (k === 1) {
          while (q < j && charClass(src.charCodeAt(q)) === 1) q++;
        } else {
          while (q < j && charClass(src.charCodeAt(q)) === 2) q++;
          if (q < j && charClass(src.charCodeAt(q)) === 1) {
            if (q - p === 1) {
              while (q < j && charClass(src.charCodeAt(q)) === 1) q++;
            } else q--;
          }
        }
        const len = Math.min(q - p, MAX_TOKEN_LENGTH);
        for (let x = 0; x < len; x++) tok[x] = lower(src.charCodeAt(p + x));
        emit(table.idOf(tok, stemCodes(tok, len)));
        parts++;
        p = q;
      }
      const runLen = j - i;
      if (parts > 1 && runLen <= MAX_TOKEN_LENGTH) {
        for (let x = 0; x < runLen; x++) tok[x] = lower(src.charCodeAt(i + x));
        emit(table.idOf(tok, runLen));
      }
      groupParts++;
      if (joinLen <= MAX_TOKEN_LENGTH) {
        if (joinLen + runLen <= MAX_TOKEN_LENGTH) for (let x = 0; x < runLen; x++) join[joinLen + x] = lower(src.charCodeAt(i + x));
        joinLen += runLen;
      }
      i = j;
    }
  }
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

const ends = (t: Uint16Array, n: number, s: string): boolean => {
  const m = s.length;
  if (n < m) return false;
  for (let i = 0; i < m; i++) if (t[n - m + i] !== s.charCodeAt(i)) return false;
  return true;
};

/** analyzer.ts's stem() on the lower-case ASCII term in t[0, n): the stem's length (t is edited in place). */
export function stemCodes(t: Uint16Array, n: number): number {
  if (n <= 3) return n;
  for (let i = 0; i < n; i++) {
    const c = t[i] as number;
    if (c >= 48 && c <= 57) return n;
  }
  if (n > 4 && ends(t, n, 'ies')) {
    t[n - 3] = 121; // y
    return n - 2;
  }
  if (ends(t, n, 'sses')) return n - 2;
  if (n > 5 && ends(t, n, 'ing')) return undouble(t, n - 3);
  if (n > 4 && ends(t, n, 'ed') && !ends(t, n, 'eed')) return undouble(t, n - 2);
  if (
    n > 4 &&
    ends(t, n, 'es') &&
    (ends(t, n, 'ches') || ends(t, n, 'shes') || ends(t, n, 'xes') || ends(t, n, 'zes') || ends(t, n, 'sses'))
  )
    return n - 2;
  if (ends(t, n, 's') && !ends(t, n, 'ss') && !ends(t, n, 'us') && !ends(t, n, 'is')) return n - 1;
  return n;
}

function undouble(t: Uint16Array, n: number): number {
  if (n >= 3 && t[n - 1] === t[n - 2]) {
    const c = t[n - 1] as number;
    if (c !== 108 && c !== 115 && c !== 122) return n - 1; // l, s, z
  }
  return n;
}
