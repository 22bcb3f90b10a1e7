/**
 * Text analysis shared by indexing and querying, so both sides agree on what a term is:
 * NFKD + diacritic and case folding, words and numbers as tokens, camelCase and hyphenated
 * compounds also indexed joined ("To-Do" → to, do, todo; "QuizUp" → quiz, up, quizup), a light
 * English stemmer (plural and -ing/-ed endings), and character bigrams for scripts written
 * without spaces (CJK, Thai). Stop words are kept in the index but dropped from queries unless
 * the query has nothing else.
 */

export const MAX_TOKEN_LENGTH = 40;

// Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar: no spaces between words.
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const RUN = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with your you my our'.split(' '),
);

/** Words people add to app searches that say nothing about the app ("notes app"): ignored like stop words in queries. */
export const QUERY_NOISE: ReadonlySet<string> = new Set(['app', 'apps', 'application', 'applications']);

/** Lower-case, NFKD, marks stripped, and a few letters that NFKD does not decompose. */
export function fold(text: string): string {
  // ASCII folds by lower-casing alone (NFKD and the replacements below only touch other chars)
  let ascii = true;
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  if (ascii) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .replace(/[œ]/g, 'oe')
    .replace(/[ł]/g, 'l')
    .replace(/[đð]/g, 'd')
    .replace(/[þ]/g, 'th')
    .replace(/ı/g, 'i')
    .normalize('NFC'); // recompose what NFKD split without marks (Hangul syllables)
}

/**
 * A light English stemmer (close to an "s-stemmer" plus common suffixes): enough to match
 * "photos"/"photo", "editing"/"edit", "games"/"game", without Porter's aggressive merges.
 */
export function stem(t: string): string {
  const n = t.length;
  if (n <= 3) return t;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return t;
  }
  if (t.endsWith('ies') && n > 4) return `${t.slice(0, -3)}y`;
  if (t.endsWith('sses')) return t.slice(0, -2);
  if (t.endsWith('ing') && n > 5) return undouble(t.slice(0, -3));
  if (t.endsWith('ed') && n > 4 && !t.endsWith('eed')) return undouble(t.slice(0, -2));
  if (
    t.endsWith('es') &&
    n > 4 &&
    (t.endsWith('ches') || t.endsWith('shes') || t.endsWith('xes') || t.endsWith('zes') || t.endsWith('sses'))
  )
    return t.slice(0, -2);
  if (t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us') && !t.endsWith('is')) return t.slice(0, -1);
  return t;
}

function undouble(t: string): string {
  const n = t.length;
  if (n >= 3 && t[n - 1] === t[n - 2] && !'lsz'.includes(t[n - 1] as string)) return t.slice(0, -1);
  return t;
}

export interface Token {
  /** The analysed term (folded, stemmed). */
  term: string;
  /** Folded surface form before stemming (for prefix matching and suggestions). */
  raw: string;
  /** Index of the word in the text; joined compounds and bigrams take the first part's. */
  pos: number;
}

/** Splits a run of letters/digits at camelCase and letter↔digit boundaries ("QuizUp2" → Quiz, Up, 2). */
function splitCamel(word: string): string[] {
  const parts = word.match(/\p{Lu}+(?![\p{Ll}])|\p{Lu}?\p{Ll}+|\p{N}+|[\p{L}]+/gu);
  return parts && parts.length > 0 ? parts : [word];
}

/**
 * Tokens of a text. `forIndex` adds joined compounds (camelCase parts, hyphen/apostrophe/dot
 * joined words) so either spelling finds the app.
 */
export function analyze(text: string, opts: { forIndex?: boolean; maxChars?: number } = {}): Token[] {
  const src = opts.maxChars && text.length > opts.maxChars ? text.slice(0, opts.maxChars) : text;
  const out: Token[] = [];
  if (scanAscii(src, opts.forIndex === true, (term, raw, pos) => out.push({ term, raw, pos }))) return out;
  return analyzeUnicode(src, opts.forIndex === true);
}

// typographic punctuation: 4 separates groups (as GROUP_SEPARATORS does), 0 joins
const PUNCT = new Map<number, number>([
  [0x201c, 4],
  [0x201d, 4],
  [0xab, 4],
  [0xbb, 4],
  [0x2014, 0],
  [0x2013, 0],
  [0x2018, 0],
  [0x2019, 0],
  [0x2026, 0],
  [0x2022, 0],
  [0xb7, 0],
  [0x2122, 0],
  [0xae, 0],
  [0xa9, 0],
]);
const classOf = (c: number): number => (c < 128 ? (CLASS[c] as number) : (PUNCT.get(c) ?? 0));
/** The ASCII scanner's class of a char code (1 lower, 2 upper, 3 digit, 4 group separator, 0 joins a group); -1 when only the Unicode path can read it. */
export const charClass = (c: number): number => (c < 128 ? (CLASS[c] as number) : (PUNCT.get(c) ?? -1));
const GROUP_SEPARATORS = /[\s/,;:!?()[\]{}"“”«»|+&]+/u;

/** The general path: Unicode classes by regular expressions. */
export function analyzeUnicode(src: string, forIndex: boolean): Token[] {
  const out: Token[] = [];
  let pos = 0;
  // Words joined by - ' . _ (no space) form one compound group: "to-do", "x-ray", "wi-fi".
  const groups = src.split(GROUP_SEPARATORS);
  for (const group of groups) {
    if (!group) continue;
    const runs = group.match(RUN);
    if (!runs) continue;
    const groupParts: string[] = [];
    const groupStart = pos;
    for (const run of runs) {
      if (NO_SPACE_SCRIPT.test(run)) {
        pos = bigrams(run, pos, out);
        continue;
      }
      const camel = splitCamel(run);
      const foldedRun = fold(run);
      if (camel.length > 1) {
        const start = pos;
        for (const p of camel) pushTerm(out, fold(p), pos++);
        if (forIndex && foldedRun.length <= MAX_TOKEN_LENGTH) out.push({ term: foldedRun, raw: foldedRun, pos: start });
      } else {
        pushTerm(out, foldedRun, pos++);
      }
      groupParts.push(foldedRun);
    }
    if (forIndex && groupParts.length > 1 && groupParts.length <= 4) {
      const joined = groupParts.join('');
      if (joined.length <= MAX_TOKEN_LENGTH) out.push({ term: joined, raw: joined, pos: groupStart });
    }
  }
  return out;
}

// char classes for the ASCII fast path: 1 lower, 2 upper, 3 digit, 4 group separator, 0 other (joins a group)
const CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) CLASS[c] = 1;
for (let c = 65; c <= 90; c++) CLASS[c] = 2;
for (let c = 48; c <= 57; c++) CLASS[c] = 3;
for (const ch of ' \t\n\r\f\v/,;:!?()[]{}"|+&') CLASS[ch.charCodeAt(0)] = 4;

/** Receives analysed terms: (term, folded surface form, word position). */
export type TermSink = (term: string, raw: string, pos: number) => void;

/**
 * The same rules as analyzeUnicode for ASCII text (typographic punctuation allowed), by a
 * char-code scanner, straight into a sink. Returns false, having emitted nothing, when the text
 * has other non-ASCII characters (the caller takes the Unicode path).
 */
export function scanAscii(src: string, forIndex: boolean, sink: TermSink): boolean {
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c >= 128 && PUNCT.get(c) === undefined) return false;
  }
  const lower = src.toLowerCase(); // same length: ASCII plus caseless punctuation
  let pos = 0;
  let i = 0;
  let groupParts = 0;
  let groupJoined = '';
  let groupStart = 0;
  while (i <= n) {
    const c = i < n ? classOf(src.charCodeAt(i)) : 4;
    if (c === 4) {
      if (forIndex && groupParts > 1 && groupParts <= 4 && groupJoined.length <= MAX_TOKEN_LENGTH)
        sink(groupJoined, groupJoined, groupStart);
      groupParts = 0;
      groupJoined = '';
      groupStart = pos;
      i++;
      continue;
    }
    if (c === 0) {
      i++;
      continue;
    }
    // a run of letters and digits
    let j = i;
    while (j < n) {
      const k = classOf(src.charCodeAt(j));
      if (k === 0 || k === 4) break;
      j++;
    }
    const start = pos;
    let parts = 0;
    let p = i;
    while (p < j) {
      const k = CLASS[src.charCodeAt(p)] as number;
      let q = p + 1;
      if (k === 3) {
        while (q < j && CLASS[src.charCodeAt(q)] === 3) q++;
      } else if (k === 1) {
        while (q < j && CLASS[src.charCodeAt(q)] === 1) q++;
      } else {
        while (q < j && CLASS[src.charCodeAt(q)] === 2) q++;
        const uppers = q - p;
        if (q < j && CLASS[src.charCodeAt(q)] === 1) {
          if (uppers === 1) {
            while (q < j && CLASS[src.charCodeAt(q)] === 1) q++;
          } else q--;
        }
      }
      let raw = lower.slice(p, q);
      if (raw.length > MAX_TOKEN_LENGTH) raw = raw.slice(0, MAX_TOKEN_LENGTH);
      sink(stem(raw), raw, pos++);
      parts++;
      p = q;
    }
    const foldedRun = parts > 1 || forIndex ? lower.slice(i, j) : '';
    if (parts > 1 && forIndex && foldedRun.length <= MAX_TOKEN_LENGTH) sink(foldedRun, foldedRun, start);
    groupParts++;
    if (forIndex && groupJoined.length <= MAX_TOKEN_LENGTH) groupJoined += foldedRun;
    i = j;
  }
  return true;
}

/** Calls `sink` for every term of the text (the indexer's path: no token objects). */
export function forEachTerm(text: string, forIndex: boolean, maxChars: number, sink: TermSink): void {
  const src = text.length > maxChars ? text.slice(0, maxChars) : text;
  if (scanAscii(src, forIndex, sink)) return;
  for (const t of analyzeUnicode(src, forIndex)) sink(t.term, t.raw, t.pos);
}

function pushTerm(out: Token[], folded: string, pos: number) {
  if (!folded) return;
  const raw = folded.length > MAX_TOKEN_LENGTH ? folded.slice(0, MAX_TOKEN_LENGTH) : folded;
  out.push({ term: stem(raw), raw, pos });
}

/** Overlapping character bigrams for a run in a script without spaces (a single char stays a unigram). */
function bigrams(run: string, pos: number, out: Token[]): number {
  const chars = [...fold(run)];
  if (chars.length === 1) {
    out.push({ term: chars[0] as string, raw: chars[0] as string, pos });
    return pos + 1;
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    const t = (chars[i] as string) + (chars[i + 1] as string);
    out.push({ term: t, raw: t, pos: pos++ });
  }
  return pos;
}

export interface QueryTerm {
  term: string;
  raw: string;
  stop: boolean;
}

/**
 * Query terms in order, deduplicated. Stop words are marked (the engine ignores them unless the
 * query has nothing else). A query is capped to 16 terms.
 */
export function analyzeQuery(q: string): QueryTerm[] {
  const seen = new Set<string>();
  const out: QueryTerm[] = [];
  for (const t of analyze(q)) {
    if (seen.has(t.term)) continue;
    seen.add(t.term);
    out.push({ term: t.term, raw: t.raw, stop: STOP_WORDS.has(t.raw) || QUERY_NOISE.has(t.raw) });
    if (out.length >= 16) break;
  }
  return out;
}

/** Folded, whitespace-collapsed text for prefix suggestions and query-log keys. */
export function normalizeQueryText(q: string): string {
  return fold(q)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 100);
}
