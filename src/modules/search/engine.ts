/**
 * The in-memory search index: columnar document signals, a base segment of typed-array
 * postings (CSR: per-term offsets into doc-id and tf arrays), a small delta segment for apps
 * indexed since the last merge, and tombstones. Pure: no I/O, no clock; the service feeds it.
 *
 * Fields and weights (BM25F): name ×3, developer ×2, keywords (and subtitle) ×1.5,
 * description ×1. A document's terms are scored per field with length normalisation and
 * summed into one pseudo term frequency stored with the posting.
 *
 * This file holds the index's data and its writes (build, upsert, merge) and runs a search;
 * the reading side is in query.ts (text top-k), topk.ts (heap, block-max MaxScore),
 * expansion.ts (query-word variants, did-you-mean), facets.ts (totals, facets, browse) and
 * rerank.ts (final order).
 */
import { analyzeQuery, fold, forEachTerm, normalizeQueryText } from './analyzer.js';
import { lowerBound, prefixRange } from './dictionary.js';
import { correct, groupsFor } from './expansion.js';
import { browse, categoryIndex, countMatches } from './facets.js';
import { FieldScanner, TermTable } from './indexer.js';
import { blockMaxOf, bm25, PostingCursor, type TermGroup } from './postings.js';
import { rangeOf, topK } from './query.js';
import { qualityOf } from './ranking.js';
import { RERANK_DEPTH, rerank } from './rerank.js';

export interface IndexDoc {
  appId: string;
  bundleId: string;
  name: string;
  subtitle: string;
  developer: string;
  category: string;
  description: string;
  keywords: string[];
  priceMinor: number;
  currency: string;
  ratingAverage: number;
  ratingCount: number;
  downloads: number;
  /** Countries where the app is sold; null = every storefront. */
  availability: string[] | null;
  iconSha: string | null;
}

export interface SearchQuery {
  q: string;
  category?: string;
  price?: 'free' | 'paid';
  minRating?: number;
  country?: string;
  limit: number;
  offset: number;
}

export interface SearchHit {
  doc: number;
  score: number;
  text: number;
  quality: number;
}

export interface SearchOutcome {
  hits: SearchHit[];
  total: number;
  totalExact: boolean;
  facets: Record<string, number>;
  didYouMean: string | null;
  /** Query terms after analysis (for highlighting). */
  terms: string[];
}

export interface RankWeights {
  /** Share of normalised text relevance in the final score; quality gets the rest. */
  text: number;
}

export const FIELD_WEIGHTS = [3, 2, 1.5, 1] as const;
const FIELD_B = [0.5, 0.3, 0.4, 0.75] as const;
const NUM_FIELDS = 4;
const DESCRIPTION_MAX_CHARS = 2000;

class GrowU32 {
  a: Uint32Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Uint32Array(capacity);
  }
  push(v: number) {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

interface DeltaList {
  docs: number[];
  tfs: number[];
}

/** Column storage grows by doubling. */
function grow<T extends Float32Array | Float64Array | Uint8Array | Uint32Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const C = a.constructor as new (n: number) => T;
  const b = new C(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** The name's words joined, pairwise and whole (up to 4 words), so "happynotes" finds "Happy Notes". */
function nameJoins(key: string): Set<string> {
  const joins = new Set<string>();
  const words = key.split(' ');
  if (words.length < 2 || words.length > 6) return joins;
  for (let i = 0; i + 1 < words.length; i++) joins.add((words[i] as string) + (words[i + 1] as string));
  if (words.length <= 4) joins.add(words.join(''));
  for (const j of joins) if (j.length > 40) joins.delete(j);
  return joins;
}

/**
 * Term → id. The base segment's terms are numbered in sorted order, so their id is their rank
 * in the sorted dictionary (binary search, no map of millions of entries to build at start);
 * terms first seen since the last build or merge are in a map.
 */
class TermIds {
  private readonly extra = new Map<string, number>();
  constructor(private readonly dictionary: () => readonly string[]) {}
  get(t: string): number | undefined {
    const sorted = this.dictionary();
    const i = lowerBound(sorted, t);
    return i < sorted.length && sorted[i] === t ? i : this.extra.get(t);
  }
  set(t: string, id: number): void {
    this.extra.set(t, id);
  }
  clear(): void {
    this.extra.clear();
  }
}

export class SearchIndex {
  // documents (slot = doc id)
  size = 0;
  liveCount = 0;
  live = new Uint8Array(0);
  category = new Uint8Array(0);
  price = new Float64Array(0);
  rating = new Float32Array(0);
  ratingCount = new Float64Array(0);
  downloads = new Float64Array(0);
  quality = new Float32Array(0);
  fieldLen = new Uint32Array(0); // NUM_FIELDS per doc
  appIds: string[] = [];
  bundleIds: string[] = [];
  names: string[] = [];
  subtitles: string[] = [];
  developers: string[] = [];
  currencies: string[] = [];
  icons: (string | null)[] = [];
  availability: (string[] | null)[] = [];
  readonly docOfApp = new Map<string, number>();
  // terms
  readonly termIds = new TermIds(() => this.sortedTerms);
  terms: string[] = [];
  /** Base-segment terms in code-unit order, for prefix and typo lookups. */
  sortedTerms: string[] = [];
  /** Terms first seen after the last merge (looked up linearly; few). */
  extraTerms: string[] = [];
  baseOffsets = new Uint32Array(1);
  baseDocs = new Uint32Array(0);
  baseTfs = new Float32Array(0);
  /** Max tf per block of base positions (derived from baseTfs; not in snapshots). */
  baseBlockMax = new Float32Array(0);
  /** Largest tf per term over both segments (for upper bounds). */
  maxTf = new Float32Array(0);
  delta = new Map<number, DeltaList>();
  deltaDocs = 0;
  /** Sum of field lengths of live docs, for average lengths. */
  readonly fieldLenSum = new Float64Array(NUM_FIELDS);
  /** Average field lengths frozen at the last build/merge (tfs are normalised with them). */
  readonly avgLen = new Float64Array([2, 2, 4, 30]);
  /**
   * Docs below `sortedUpTo` are grouped by category (a build takes them in category order):
   * category c holds doc ids catStart[c]..catStart[c+1]. Docs indexed later come after, in any
   * order. A category filter reads only its range and that tail.
   */
  catStart = new Uint32Array(257);
  sortedUpTo = 0;
  /** Names in folded order with their doc ids, for name-prefix suggestions. */
  nameKeys: string[] = [];
  nameDocs = new Uint32Array(0);
  extraNames: number[] = [];
  /** Doc ids by popularity, best first (top few thousand), for short-prefix suggestions. */
  popular: number[] = [];
  popularKeys: string[] = [];

  // ---------------------------------------------------------------- writing

  private ensureCapacity(n: number) {
    this.live = grow(this.live, n);
    this.category = grow(this.category, n);
    this.price = grow(this.price, n);
    this.rating = grow(this.rating, n);
    this.ratingCount = grow(this.ratingCount, n);
    this.downloads = grow(this.downloads, n);
    this.quality = grow(this.quality, n);
    this.fieldLen = grow(this.fieldLen, n * NUM_FIELDS);
  }

  private termId(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      // V8 keeps substrings of 13+ chars as slices of (or ropes over) the field text: copy
      // them flat, so the dictionary neither pins descriptions in memory nor walks ropes.
      if (t.length >= 13) t = Buffer.from(t, 'utf8').toString('utf8');
      id = this.terms.length;
      // after a build or merge `terms` is the sorted dictionary itself: new terms go to a copy
      if (this.terms === this.sortedTerms) this.terms = this.terms.slice();
      this.terms.push(t);
      this.termIds.set(t, id);
      this.extraTerms.push(t);
      if (this.fuzzyMemo.size > 0) this.fuzzyMemo.clear();
      if (id >= this.maxTf.length) this.maxTf = grow(this.maxTf, id + 1);
    }
    return id;
  }

  /** Adds the document's columns; returns its slot. */
  private addColumns(d: IndexDoc): number {
    const doc = this.size++;
    this.ensureCapacity(this.size);
    this.live[doc] = 1;
    this.liveCount++;
    this.category[doc] = categoryIndex.get(d.category) ?? 255;
    this.appIds[doc] = d.appId;
    this.bundleIds[doc] = d.bundleId;
    this.names[doc] = d.name;
    this.subtitles[doc] = d.subtitle;
    this.developers[doc] = d.developer;
    this.currencies[doc] = d.currency;
    this.icons[doc] = d.iconSha;
    this.availability[doc] = d.availability && d.availability.length > 0 ? d.availability : null;
    this.setStats(doc, d);
    this.docOfApp.set(d.appId, doc);
    return doc;
  }

  private setStats(doc: number, d: Pick<IndexDoc, 'priceMinor' | 'ratingAverage' | 'ratingCount' | 'downloads'>) {
    this.price[doc] = d.priceMinor;
    this.rating[doc] = d.ratingAverage;
    this.ratingCount[doc] = d.ratingCount;
    this.downloads[doc] = d.downloads;
    this.quality[doc] = qualityOf(d.ratingAverage, d.ratingCount, d.downloads);
  }

  private readonly scratch = new Map<string, number>();

  /** Per-field term frequencies of a document: Map term → packed 4×8-bit tfs (reused; copy before the next call); lengths out. */
  private analyzeDoc(d: IndexDoc, lens: Uint32Array): Map<string, number> {
    const tf = this.scratch;
    tf.clear();
    const fields = [d.name, d.developer, `${d.keywords.join(', ')}, ${d.subtitle}`, d.description];
    for (let f = 0; f < NUM_FIELDS; f++) {
      const unit = 2 ** (8 * f);
      const shift = 8 * f;
      let count = 0;
      forEachTerm(fields[f] as string, true, f === 3 ? DESCRIPTION_MAX_CHARS : 512, (term) => {
        count++;
        const cur = tf.get(term) ?? 0;
        if (((cur >>> shift) & 0xff) < 255) tf.set(term, cur + unit);
      });
      lens[f] = count;
    }
    for (const j of nameJoins(normalizeQueryText(d.name))) {
      const cur = tf.get(j) ?? 0;
      if ((cur & 0xff) < 255) tf.set(j, cur + 1);
    }
    return tf;
  }

  /** Field weight over BM25 length normalisation, per field, for one document. */
  private norms(doc: number, out: Float64Array): Float64Array {
    for (let f = 0; f < NUM_FIELDS; f++) {
      const len = this.fieldLen[doc * NUM_FIELDS + f] as number;
      const b = FIELD_B[f] as number;
      out[f] = (FIELD_WEIGHTS[f] as number) / (1 - b + (b * len) / Math.max(1, this.avgLen[f] as number));
    }
    return out;
  }

  private pseudoTf(packed: number, norms: Float64Array): number {
    return (
      (packed & 0xff) * (norms[0] as number) +
      ((packed >>> 8) & 0xff) * (norms[1] as number) +
      ((packed >>> 16) & 0xff) * (norms[2] as number) +
      ((packed >>> 24) & 0xff) * (norms[3] as number)
    );
  }

  /** Indexes or re-indexes an app (a changed app gets a new slot; the old one is tombstoned). */
  upsert(d: IndexDoc): void {
    this.remove(d.appId);
    if (this.prefixMemo.size > 0) this.prefixMemo.clear();
    const doc = this.addColumns(d);
    const lens = new Uint32Array(NUM_FIELDS);
    const tf = this.analyzeDoc(d, lens);
    for (let f = 0; f < NUM_FIELDS; f++) {
      this.fieldLen[doc * NUM_FIELDS + f] = lens[f] as number;
      (this.fieldLenSum as Float64Array)[f] = (this.fieldLenSum[f] as number) + (lens[f] as number);
    }
    const norms = this.norms(doc, new Float64Array(NUM_FIELDS));
    for (const [term, packed] of tf) {
      const id = this.termId(term);
      let list = this.delta.get(id);
      if (!list) {
        list = { docs: [], tfs: [] };
        this.delta.set(id, list);
      }
      const w = this.pseudoTf(packed, norms);
      list.docs.push(doc);
      list.tfs.push(w);
      if (w > (this.maxTf[id] as number)) this.maxTf[id] = w;
    }
    this.deltaDocs++;
    this.extraNames.push(doc);
  }

  remove(appId: string): boolean {
    const doc = this.docOfApp.get(appId);
    if (doc === undefined) return false;
    this.docOfApp.delete(appId);
    if (this.live[doc]) {
      this.live[doc] = 0;
      this.liveCount--;
      for (let f = 0; f < NUM_FIELDS; f++)
        this.fieldLenSum[f] = (this.fieldLenSum[f] as number) - (this.fieldLen[doc * NUM_FIELDS + f] as number);
    }
    return true;
  }

  /** Ratings and downloads changed: the text is the same, only the quality signal moves. */
  updateStats(appId: string, d: Pick<IndexDoc, 'priceMinor' | 'ratingAverage' | 'ratingCount' | 'downloads'>): boolean {
    const doc = this.docOfApp.get(appId);
    if (doc === undefined) return false;
    this.setStats(doc, d);
    return true;
  }

  /**
   * Builds a fresh index from every document in one pass (per-doc analysis into flat arrays,
   * then a counting sort by term into the base segment). `onProgress` gets the count so far.
   */
  static build(docs: Iterable<IndexDoc>, onProgress?: (n: number) => void): SearchIndex {
    const ix = new SearchIndex();
    // with the count known, every big array is allocated once, at its final size or a bit more
    // (about 31 postings and 1.3 new terms per app in the generated catalog): each time a typed
    // array grows, V8 counts external memory and may run a full collection over the whole heap
    const n = Array.isArray(docs) ? docs.length : 0;
    if (n > 0) {
      ix.ensureCapacity(n);
      ix.appIds = new Array<string>(n);
      ix.bundleIds = new Array<string>(n);
      ix.names = new Array<string>(n);
      ix.subtitles = new Array<string>(n);
      ix.developers = new Array<string>(n);
      ix.currencies = new Array<string>(n);
      ix.icons = new Array<string | null>(n);
      ix.availability = new Array<string[] | null>(n);
    }
    const table = new TermTable(Math.ceil(n * 1.5));
    const scanner = new FieldScanner(table);
    const cap = Math.max(1 << 20, n * 36);
    const pTerm = new GrowU32(cap);
    const pTf = new GrowU32(cap);
    const docStart = new GrowU32(n + 1);
    const nameKeys: string[] = [];
    // the current document's distinct terms: ids[s] with packed per-field counts[s]; a term's
    // slot s is slotOf[id] while seen[id] holds the document's id
    let seen = new Int32Array(Math.max(1 << 16, Math.ceil(n * 1.5))).fill(-1);
    let slotOf = new Int32Array(seen.length);
    let ids = new Uint32Array(1 << 12);
    let counts = new Uint32Array(1 << 12);
    let k = 0;
    let doc = 0;
    let shift = 0;
    let len = 0;
    const slot = (id: number): number => {
      if (id >= seen.length) {
        const n = Math.max(id + 1, seen.length * 2);
        const s2 = new Int32Array(n).fill(-1);
        s2.set(seen);
        seen = s2;
        const o2 = new Int32Array(n);
        o2.set(slotOf);
        slotOf = o2;
      }
      if (seen[id] === doc) return slotOf[id] as number;
      if (k === ids.length) {
        const i2 = new Uint32Array(k * 2);
        i2.set(ids);
        ids = i2;
        const c2 = new Uint32Array(k * 2);
        c2.set(counts);
        counts = c2;
      }
      seen[id] = doc;
      slotOf[id] = k;
      ids[k] = id;
      counts[k] = 0;
      return k++;
    };
    const emit = (id: number) => {
      len++;
      const s = slot(id);
      const c = counts[s] as number;
      if (((c >>> shift) & 0xff) < 255) counts[s] = c + 2 ** shift;
    };
    // docs in category order (stable), so each category is one range of doc ids
    let ordered: Iterable<IndexDoc> = docs;
    if (n > 0) {
      const list = docs as IndexDoc[];
      const cat = new Uint8Array(n);
      const start = ix.catStart;
      for (let i = 0; i < n; i++) {
        const c = categoryIndex.get((list[i] as IndexDoc).category) ?? 255;
        cat[i] = c;
        start[c + 1] = (start[c + 1] as number) + 1;
      }
      for (let c = 0; c < 256; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
      const next = start.slice(0, 256);
      const perm = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const c = cat[i] as number;
        perm[next[c] as number] = i;
        next[c] = (next[c] as number) + 1;
      }
      ordered = (function* () {
        for (let x = 0; x < n; x++) yield list[perm[x] as number] as IndexDoc;
      })();
      ix.sortedUpTo = n;
    }
    for (const d of ordered) {
      doc = ix.addColumns(d);
      k = 0;
      const fields = [d.name, d.developer, `${d.keywords.join(', ')}, ${d.subtitle}`, d.description];
      for (let f = 0; f < NUM_FIELDS; f++) {
        shift = 8 * f;
        len = 0;
        scanner.scan(fields[f] as string, f === 3 ? DESCRIPTION_MAX_CHARS : 512, emit);
        ix.fieldLen[doc * NUM_FIELDS + f] = len;
        ix.fieldLenSum[f] = (ix.fieldLenSum[f] as number) + len;
      }
      const key = normalizeQueryText(d.name);
      nameKeys[doc] = key;
      for (const j of nameJoins(key)) {
        const s = slot(table.idOfString(j));
        if (((counts[s] as number) & 0xff) < 255) counts[s] = (counts[s] as number) + 1;
      }
      docStart.push(pTerm.n);
      for (let x = 0; x < k; x++) {
        pTerm.push(ids[x] as number);
        pTf.push(counts[x] as number);
      }
      if (onProgress && ix.size % 50_000 === 0) onProgress(ix.size);
    }
    docStart.push(pTerm.n);
    // terms in code-unit order (a native sort of the strings), renumbered through the table
    const sortedTerms = table.strings().sort();
    const remap = new Uint32Array(sortedTerms.length);
    for (let i = 0; i < sortedTerms.length; i++) remap[table.idOfString(sortedTerms[i] as string)] = i;
    ix.nameKeysByDoc = nameKeys;
    for (let f = 0; f < NUM_FIELDS; f++) ix.avgLen[f] = ix.size > 0 ? (ix.fieldLenSum[f] as number) / ix.size : (ix.avgLen[f] as number);
    ix.assembleBase(sortedTerms, remap, pTerm.a.subarray(0, pTerm.n), docStart.a.subarray(0, docStart.n), pTf.a.subarray(0, pTf.n));
    return ix;
  }

  /**
   * Counting sort of the postings (doc by doc: `docStart[d]..docStart[d+1]` are doc d's terms
   * and packed tfs) into the CSR base segment, terms renumbered by `remap` into sorted order.
   */
  private assembleBase(sortedTerms: string[], remap: Uint32Array, terms: Uint32Array, docStart: Uint32Array, packed: Uint32Array) {
    const nTerms = sortedTerms.length;
    const counts = new Uint32Array(nTerms + 1);
    for (let i = 0; i < terms.length; i++) {
      const at = (remap[terms[i] as number] as number) + 1;
      counts[at] = (counts[at] as number) + 1;
    }
    for (let i = 0; i < nTerms; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
    const offsets = counts.slice();
    const cursor = counts.slice(0, nTerms);
    const outDocs = new Uint32Array(terms.length);
    const outTfs = new Float32Array(terms.length);
    const maxTf = new Float32Array(nTerms);
    const norms = new Float64Array(NUM_FIELDS);
    for (let doc = 0; doc + 1 < docStart.length; doc++) {
      this.norms(doc, norms);
      for (let i = docStart[doc] as number; i < (docStart[doc + 1] as number); i++) {
        const t = remap[terms[i] as number] as number;
        const at = cursor[t] as number;
        cursor[t] = at + 1;
        const w = this.pseudoTf(packed[i] as number, norms);
        outDocs[at] = doc;
        outTfs[at] = w;
        if (w > (maxTf[t] as number)) maxTf[t] = w;
      }
    }
    this.installBase(sortedTerms, offsets, outDocs, outTfs, maxTf);
  }

  /** Makes freshly built postings (terms in sorted order) the base segment; the delta and every memo start empty. */
  private installBase(
    sortedTerms: string[],
    offsets: SearchIndex['baseOffsets'],
    docs: SearchIndex['baseDocs'],
    tfs: SearchIndex['baseTfs'],
    maxTf: SearchIndex['maxTf'],
  ): void {
    this.terms = sortedTerms;
    this.sortedTerms = sortedTerms;
    this.termIds.clear();
    this.extraTerms = [];
    this.baseOffsets = offsets;
    this.baseDocs = docs;
    this.baseTfs = tfs;
    this.baseBlockMax = blockMaxOf(tfs);
    this.maxTf = maxTf;
    this.delta = new Map();
    this.deltaDocs = 0;
    this.impact.clear();
    this.impactEntries = 0;
    this.fuzzyMemo.clear();
    this.prefixMemo.clear();
    this.rebuildNames();
  }

  /**
   * Folds the delta segment into the base (tombstoned postings dropped; doc ids are kept, so
   * concatenation stays sorted). Called when the delta grows and before a snapshot.
   */
  merge(): void {
    if (this.delta.size === 0 && this.extraTerms.length === 0) return;
    const nTerms = this.terms.length;
    const order = this.terms.map((_, i) => i).sort((a, b) => ((this.terms[a] as string) < (this.terms[b] as string) ? -1 : 1));
    const baseTerms = this.baseOffsets.length - 1;
    let total = 0;
    for (let t = 0; t < nTerms; t++) {
      if (t < baseTerms)
        for (let i = this.baseOffsets[t] as number; i < (this.baseOffsets[t + 1] as number); i++)
          if (this.live[this.baseDocs[i] as number]) total++;
      const dl = this.delta.get(t);
      if (dl) for (const d of dl.docs) if (this.live[d]) total++;
    }
    const offsets = new Uint32Array(nTerms + 1);
    const docs = new Uint32Array(total);
    const tfs = new Float32Array(total);
    const maxTf = new Float32Array(nTerms);
    let at = 0;
    order.forEach((old, i) => {
      offsets[i] = at;
      let mx = 0;
      if (old < baseTerms)
        for (let j = this.baseOffsets[old] as number; j < (this.baseOffsets[old + 1] as number); j++) {
          const d = this.baseDocs[j] as number;
          if (!this.live[d]) continue;
          docs[at] = d;
          const w = this.baseTfs[j] as number;
          tfs[at++] = w;
          if (w > mx) mx = w;
        }
      const dl = this.delta.get(old);
      if (dl)
        for (let j = 0; j < dl.docs.length; j++) {
          const d = dl.docs[j] as number;
          if (!this.live[d]) continue;
          docs[at] = d;
          const w = dl.tfs[j] as number;
          tfs[at++] = w;
          if (w > mx) mx = w;
        }
      maxTf[i] = mx;
    });
    offsets[nTerms] = at;
    this.installBase(
      order.map((i) => this.terms[i] as string),
      offsets,
      docs,
      tfs,
      maxTf,
    );
  }

  /** Folded names by doc id, computed while building (rebuildNames takes them instead of folding again). */
  private nameKeysByDoc: string[] | null = null;

  private rebuildNames() {
    const live: number[] = [];
    for (let d = 0; d < this.size; d++) if (this.live[d]) live.push(d);
    const byDoc = this.nameKeysByDoc;
    this.nameKeysByDoc = null;
    const keys = live.map((d) => byDoc?.[d] ?? normalizeQueryText(this.names[d] as string));
    const order = live
      .map((_, i) => i)
      .sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : (keys[a] as string) > (keys[b] as string) ? 1 : 0));
    this.nameKeys = order.map((i) => keys[i] as string);
    this.nameDocs = Uint32Array.from(order.map((i) => live[i] as number));
    this.extraNames = [];
    this.popular = live.sort((a, b) => (this.quality[b] as number) - (this.quality[a] as number)).slice(0, 5000);
    this.popularKeys = this.popular.map((d) => normalizeQueryText(this.names[d] as string));
  }

  // ---------------------------------------------------------------- reading

  // query state (query.ts, expansion.ts, facets.ts): impact orders of common terms, score and
  // count scratch arrays, memoised expansions; rebuilt or cleared when the postings change
  readonly impact = new Map<number, { order: Uint32Array; bucketEnd: Uint32Array }>();
  impactEntries = 0;
  scoreBuf = new Float64Array(0);
  scoreStamp = new Uint32Array(0);
  scoreGen = 0;

  df(termId: number): number {
    const base = termId < this.baseOffsets.length - 1 ? (this.baseOffsets[termId + 1] as number) - (this.baseOffsets[termId] as number) : 0;
    return base + (this.delta.get(termId)?.docs.length ?? 0);
  }

  idf(termId: number): number {
    const n = Math.max(1, this.liveCount);
    const df = Math.min(this.df(termId), n);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  cursor(termId: number, weight: number): PostingCursor {
    const inBase = termId < this.baseOffsets.length - 1;
    const start = inBase ? (this.baseOffsets[termId] as number) : 0;
    const end = inBase ? (this.baseOffsets[termId + 1] as number) : 0;
    const dl = this.delta.get(termId);
    const mult = this.idf(termId) * weight;
    const ub = bm25(mult, this.maxTf[termId] as number);
    return new PostingCursor(this.baseDocs, this.baseTfs, start, end, dl?.docs, dl?.tfs, mult, ub, termId, this.baseBlockMax);
  }

  readonly prefixMemo = new Map<string, string[]>();

  readonly fuzzyMemo = new Map<string, Array<{ term: string; distance: number }>>();

  filter(q: SearchQuery): ((doc: number) => boolean) | null {
    const cat = q.category !== undefined ? (categoryIndex.get(q.category) ?? 254) : -1;
    const price = q.price;
    const minRating = q.minRating ?? 0;
    const country = q.country;
    const live = this.live;
    if (cat < 0 && !price && minRating <= 0 && !country) return (d) => live[d] === 1;
    return (d) => {
      if (live[d] !== 1) return false;
      if (cat >= 0 && this.category[d] !== cat) return false;
      if (price === 'free' && (this.price[d] as number) > 0) return false;
      if (price === 'paid' && (this.price[d] as number) === 0) return false;
      if (minRating > 0 && (this.rating[d] as number) < minRating) return false;
      if (country) {
        const a = this.availability[d];
        if (a && !a.includes(country)) return false;
      }
      return true;
    };
  }

  /** Text-only top-k through MaxScore, and the same query's term groups (tests compare with exhaustive scoring). */
  textTopK(q: string, k: number, fresh = false): Array<{ score: number; doc: number; matched: number }> | TermGroup[] {
    const all = analyzeQuery(q);
    const content = all.filter((t) => !t.stop);
    const { groups } = groupsFor(this, content.length > 0 ? content : all, !/\s$/.test(q));
    if (fresh) return groups;
    const accept = (d: number) => this.live[d] === 1;
    return topK(this, groups, k, accept).sorted();
  }

  search(q: SearchQuery, weights: RankWeights): SearchOutcome {
    const all = analyzeQuery(q.q);
    const content = all.filter((t) => !t.stop);
    const terms = content.length > 0 ? content : all;
    const accept = this.filter(q) as (d: number) => boolean;
    const want = q.offset + q.limit;
    if (terms.length === 0) return browse(this, q, accept);
    const prefixLast = !/\s$/.test(q.q);
    const { groups, fuzzyOnly, lists } = groupsFor(this, terms, prefixLast);
    const k = Math.max(want, RERANK_DEPTH);
    const cands = topK(this, groups, k, accept, rangeOf(this, q)).sorted();
    const { total, exact, facets } = countMatches(this, lists, q);
    const hits = rerank(this, cands, terms, q.q, weights);
    const didYouMean = total < 3 || fuzzyOnly.some(Boolean) ? correct(this, all) : null;
    return {
      hits: hits.slice(q.offset, want),
      total: Math.max(total, cands.length),
      totalExact: exact,
      facets,
      didYouMean,
      terms: terms.map((t) => t.raw),
    };
  }

  stamp = 0;
  seen = new Uint32Array(0);

  /** App names starting with the (folded) prefix, most popular first. */
  namesWithPrefix(prefix: string, limit: number): number[] {
    const p = normalizeQueryText(prefix);
    if (!p) return [];
    const [a, b] = prefixRange(this.nameKeys, p);
    let pool: number[];
    if (b - a <= 4000) {
      pool = [];
      for (let i = a; i < b; i++) pool.push(this.nameDocs[i] as number);
    } else {
      pool = this.popular.filter((_, i) => (this.popularKeys[i] as string).startsWith(p));
    }
    for (const d of this.extraNames) if (normalizeQueryText(this.names[d] as string).startsWith(p)) pool.push(d);
    const seen = new Set<number>();
    return pool
      .filter((d) => this.live[d] === 1 && !seen.has(d) && seen.add(d))
      .sort((x, y) => (this.quality[y] as number) - (this.quality[x] as number))
      .slice(0, limit);
  }

  /** Memory held by the typed arrays (MB), for logs and the benchmark. */
  typedBytes(): number {
    return this.baseDocs.byteLength + this.baseTfs.byteLength + this.baseOffsets.byteLength + this.fieldLen.byteLength + this.size * 40;
  }
}

export { categoryIndex, fold, lowerBound, qualityOf };
