/**
 * The in-memory search index: columnar document signals, a base segment of typed-array
 * postings (CSR: per-term offsets into doc-id and tf arrays), a small delta segment for apps
 * indexed since the last merge, and tombstones. Pure: no I/O, no clock; the service feeds it.
 *
 * Fields and weights (BM25F): name ×3, developer ×2, keywords (and subtitle) ×1.5,
 * description ×1. A document's terms are scored per field with length normalisation and
 * summed into one pseudo term frequency stored with the posting.
 */
import { categories } from '../catalog/categories.js';
import { analyzeQuery, fold, forEachTerm, normalizeQueryText, type QueryTerm, STOP_WORDS } from './analyzer.js';
import { fuzziness, fuzzyLookup, lowerBound, prefixRange } from './dictionary.js';
import { FieldScanner, TermTable } from './indexer.js';
import { blockMaxOf, bm25, type Cursor, type DocRange, END, ListCursor, maxScore, PostingCursor, TermGroup, TopK } from './postings.js';
import { bucketUpperTf, nameCoverage, qualityOf, tfBucket } from './ranking.js';

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
const EXACT = 1;
const STEM_VARIANT = 0.95;
const PREFIX_WEIGHT = 0.8;
const FUZZY_WEIGHT = [1, 0.7, 0.5] as const;
const MAX_PREFIX_EXPANSIONS = 12;
const MAX_FUZZY_EXPANSIONS = 8;
/** A query word found in at least this many apps is taken as typed (no typo expansion). */
const FUZZY_BELOW_DF = 5;
const COUNT_BUDGET = 12_000;
const RERANK_DEPTH = 100;
/** Terms with more base postings than this answer one-word queries from their impact-ordered head. */
const IMPACT_MIN_DF = 4096;
const IMPACT_N = 512;
/** Variants with at most this many postings are merged into one list per query term before MaxScore. */
const MERGE_MAX_DF = 4096;

export const categoryIndex = new Map<string, number>(categories.map((c, i) => [c, i]));

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
  readonly termIds = new Map<string, number>();
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
    if (n > 0) ix.ensureCapacity(n);
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
    this.terms = sortedTerms;
    this.sortedTerms = sortedTerms;
    this.termIds.clear();
    for (let i = 0; i < sortedTerms.length; i++) this.termIds.set(sortedTerms[i] as string, i);
    this.extraTerms = [];
    this.baseOffsets = offsets;
    this.baseDocs = outDocs;
    this.baseTfs = outTfs;
    this.baseBlockMax = blockMaxOf(outTfs);
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
    this.terms = order.map((i) => this.terms[i] as string);
    this.sortedTerms = this.terms;
    this.termIds.clear();
    for (let i = 0; i < this.terms.length; i++) this.termIds.set(this.terms[i] as string, i);
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

  /**
   * Per common term, its base postings in impact order: a counting sort on a log-scaled tf
   * bucket (256 buckets), with bucket starts. Built on first use, dropped on merge.
   */
  private readonly impact = new Map<number, { order: Uint32Array; bucketEnd: Uint32Array }>();
  private impactEntries = 0;
  private scoreBuf = new Float64Array(0);
  private scoreStamp = new Uint32Array(0);
  private scoreGen = 0;

  private impactOrder(termId: number): { order: Uint32Array; bucketEnd: Uint32Array } {
    let t = this.impact.get(termId);
    if (t) return t;
    const start = this.baseOffsets[termId] as number;
    const end = this.baseOffsets[termId + 1] as number;
    const counts = new Uint32Array(257);
    const bucketOf = new Uint8Array(end - start);
    for (let i = start; i < end; i++) {
      const b = tfBucket(this.baseTfs[i] as number);
      bucketOf[i - start] = b;
      counts[255 - b + 1] = (counts[255 - b + 1] as number) + 1;
    }
    // buckets in descending order: slot 0 = bucket 255
    for (let i = 0; i < 256; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
    const bucketEnd = counts.slice(1);
    const next = counts.slice(0, 256);
    const order = new Uint32Array(end - start);
    for (let i = start; i < end; i++) {
      const slot = 255 - (bucketOf[i - start] as number);
      order[next[slot] as number] = i;
      next[slot] = (next[slot] as number) + 1;
    }
    t = { order, bucketEnd };
    this.impactEntries += order.length;
    if (this.impactEntries > 50_000_000) {
      this.impact.clear();
      this.impactEntries = order.length;
    }
    this.impact.set(termId, t);
    return t;
  }

  /**
   * Top-k for a one-word query: a single term cannot be skipped by MaxScore, so read each big
   * variant in impact order (highest tf buckets first), doubling the depth until the k-th best
   * score beats what any unread posting could still score. Small variants and the delta are
   * read whole. Exact; cost follows k and the filter's selectivity, not the list length.
   */
  private impactTopK(group: TermGroup, k: number, accept: (d: number) => boolean): TopK {
    const { buf, stamp, gen } = this.scoreScratch();
    const touched: number[] = [];
    // filtered out once, marked -1; `touched` holds the accepted docs
    const note = (d: number, s: number) => {
      if (stamp[d] !== gen) {
        stamp[d] = gen;
        if (!accept(d)) {
          buf[d] = -1;
          return;
        }
        buf[d] = s;
        touched.push(d);
      } else if (s > (buf[d] as number) && (buf[d] as number) >= 0) buf[d] = s;
    };
    const big: Array<{ c: PostingCursor; order: Uint32Array; bucketEnd: Uint32Array; slot: number; pos: number }> = [];
    for (const c of group.cursors) {
      const id = c.termId;
      const inBase = id >= 0 && id < this.baseOffsets.length - 1;
      const baseLen = inBase ? (this.baseOffsets[id + 1] as number) - (this.baseOffsets[id] as number) : 0;
      if (baseLen > IMPACT_MIN_DF) big.push({ c, ...this.impactOrder(id), slot: 0, pos: 0 });
      else if (inBase)
        for (let i = this.baseOffsets[id] as number; i < (this.baseOffsets[id + 1] as number); i++)
          note(this.baseDocs[i] as number, bm25(c.mult, this.baseTfs[i] as number));
      const dl = this.delta.get(id);
      if (dl) for (let i = 0; i < dl.docs.length; i++) note(dl.docs[i] as number, bm25(c.mult, dl.tfs[i] as number));
    }
    let depth = IMPACT_N;
    for (;;) {
      let bound = 0;
      for (const v of big) {
        // read whole buckets until `depth` entries of this variant are read
        while (v.slot < 256 && v.pos < depth) {
          const stop = v.bucketEnd[v.slot] as number;
          for (; v.pos < stop; v.pos++) {
            const i = v.order[v.pos] as number;
            note(this.baseDocs[i] as number, bm25(v.c.mult, this.baseTfs[i] as number));
          }
          v.slot++;
        }
        if (v.slot < 256 && v.pos < v.order.length) {
          const b = bm25(v.c.mult, bucketUpperTf(255 - v.slot));
          if (b > bound) bound = b;
        }
      }
      const heap = new TopK(k);
      for (const d of touched) heap.push(buf[d] as number, d, 1);
      if (bound === 0 || (heap.size >= k && heap.threshold > bound)) return heap;
      depth *= 4;
    }
  }

  df(termId: number): number {
    const base = termId < this.baseOffsets.length - 1 ? (this.baseOffsets[termId + 1] as number) - (this.baseOffsets[termId] as number) : 0;
    return base + (this.delta.get(termId)?.docs.length ?? 0);
  }

  idf(termId: number): number {
    const n = Math.max(1, this.liveCount);
    const df = Math.min(this.df(termId), n);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private cursor(termId: number, weight: number): PostingCursor {
    const inBase = termId < this.baseOffsets.length - 1;
    const start = inBase ? (this.baseOffsets[termId] as number) : 0;
    const end = inBase ? (this.baseOffsets[termId + 1] as number) : 0;
    const dl = this.delta.get(termId);
    const mult = this.idf(termId) * weight;
    const ub = bm25(mult, this.maxTf[termId] as number);
    return new PostingCursor(this.baseDocs, this.baseTfs, start, end, dl?.docs, dl?.tfs, mult, ub, termId, this.baseBlockMax);
  }

  private readonly prefixMemo = new Map<string, string[]>();

  /** Terms in the dictionary starting with `prefix`, the `limit` most frequent (memoised until the next upsert). */
  prefixTerms(prefix: string, limit: number): string[] {
    const key = `${limit}:${prefix}`;
    const hit = this.prefixMemo.get(key);
    if (hit) return hit;
    // base terms are numbered in sorted order: the range's ids are its indexes
    const [a, b] = prefixRange(this.sortedTerms, prefix);
    const ids: number[] = [];
    const dfs: number[] = [];
    const offer = (id: number) => {
      const df = this.df(id);
      if (ids.length === limit && df <= (dfs[limit - 1] as number)) return;
      let j = ids.length < limit ? ids.length : limit - 1;
      while (j > 0 && (dfs[j - 1] as number) < df) {
        ids[j] = ids[j - 1] as number;
        dfs[j] = dfs[j - 1] as number;
        j--;
      }
      ids[j] = id;
      dfs[j] = df;
    };
    for (let i = a; i < b; i++) offer(i);
    for (const t of this.extraTerms) if (t.startsWith(prefix)) offer(this.termIds.get(t) as number);
    const out = ids.map((id) => this.terms[id] as string);
    if (this.prefixMemo.size >= 10_000) this.prefixMemo.clear();
    this.prefixMemo.set(key, out);
    return out;
  }

  private readonly fuzzyMemo = new Map<string, Array<{ term: string; distance: number }>>();

  /** Typo neighbours of a term, memoised (repeated typos are common; cleared when terms change). */
  private fuzzyCached(term: string, k: number): Array<{ term: string; distance: number }> {
    const key = `${k}:${term}`;
    let hits = this.fuzzyMemo.get(key);
    if (!hits) {
      hits = fuzzyLookup(this.sortedTerms, term, k, 200, this.extraTerms);
      if (this.fuzzyMemo.size >= 10_000) this.fuzzyMemo.clear();
      this.fuzzyMemo.set(key, hits);
    }
    return hits;
  }

  fuzzyTerms(term: string): Array<{ term: string; distance: number }> {
    const k = fuzziness(term.length);
    if (k === 0) return [];
    return this.fuzzyCached(term, k)
      .filter((h) => h.distance > 0)
      .map((h) => ({ ...h, df: this.df(this.termIds.get(h.term) as number) }))
      .sort((a, b) => a.distance - b.distance || b.df - a.df)
      .slice(0, MAX_FUZZY_EXPANSIONS);
  }

  /** The variants of each query term as posting cursors. */
  private groupsFor(
    terms: QueryTerm[],
    prefixLast: boolean,
  ): { groups: TermGroup[]; fuzzyOnly: boolean[]; lists: Array<Array<[number, number]>> } {
    const groups: TermGroup[] = [];
    const fuzzyOnly: boolean[] = [];
    const lists: Array<Array<[number, number]>> = [];
    terms.forEach((qt, idx) => {
      const variants = new Map<number, number>(); // termId → weight
      const add = (t: string, w: number) => {
        const id = this.termIds.get(t);
        if (id === undefined || this.df(id) === 0) return;
        if ((variants.get(id) ?? 0) < w) variants.set(id, w);
      };
      add(qt.term, EXACT);
      if (qt.raw !== qt.term) add(qt.raw, STEM_VARIANT);
      const hasExact = variants.size > 0;
      const isLast = idx === terms.length - 1;
      if (prefixLast && isLast && qt.raw.length >= 2)
        for (const t of this.prefixTerms(qt.raw, MAX_PREFIX_EXPANSIONS)) add(t, PREFIX_WEIGHT);
      // typo variants only for words the catalog barely knows (a known word is not a typo)
      const exactId = this.termIds.get(qt.term);
      const exactDf = exactId === undefined ? 0 : this.df(exactId);
      if (!qt.stop && exactDf < FUZZY_BELOW_DF) for (const h of this.fuzzyTerms(qt.term)) add(h.term, FUZZY_WEIGHT[h.distance] ?? 0.4);
      // joined with the next term: "quiz up" → quizup
      const next = terms[idx + 1];
      if (next) add(qt.raw + next.raw, EXACT);
      const prev = terms[idx - 1];
      if (prev) add(prev.raw + qt.raw, EXACT);
      // split: "photoeditor" → photo + editor is handled by the join on the index side ("PhotoEditor")
      if (variants.size === 0) return;
      lists.push([...variants]);
      groups.push(new TermGroup([...variants].map(([id, w]) => this.cursor(id, w))));
      fuzzyOnly.push(!hasExact);
    });
    return { groups, fuzzyOnly, lists };
  }

  private filter(q: SearchQuery): ((doc: number) => boolean) | null {
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

  /**
   * The text top-k: one word → impact-ordered heads; several words → block-max MaxScore over
   * the words' variants (small variants merged per word). Both exact.
   */
  private topK(groups: TermGroup[], k: number, accept: (d: number) => boolean, range?: DocRange): TopK {
    if (groups.length === 1 && !range) return this.impactTopK(groups[0] as TermGroup, k, accept);
    const heap = new TopK(k);
    if (groups.length > 0)
      maxScore(
        groups.map((g) => this.mergeSmall(g)),
        heap,
        accept,
        range,
      );
    return heap;
  }

  /** The doc ids a category filter can match: its range of the category-ordered docs, and the tail. */
  private rangeOf(q: SearchQuery): DocRange | undefined {
    if (q.category === undefined || this.sortedUpTo === 0) return undefined;
    const c = categoryIndex.get(q.category);
    if (c === undefined) return { from: 0, to: 0, tail: this.sortedUpTo };
    return { from: this.catStart[c] as number, to: this.catStart[c + 1] as number, tail: this.sortedUpTo };
  }

  /**
   * The group with its small variants (prefix and typo expansions, joins) merged into one
   * materialised list, best variant per doc, so MaxScore steps a few lists per term, not twenty.
   */
  private mergeSmall(g: TermGroup): TermGroup<Cursor> {
    const small: PostingCursor[] = [];
    const out: Cursor[] = [];
    for (const c of g.cursors) {
      if (c.termId >= 0 && this.df(c.termId) <= MERGE_MAX_DF) small.push(c);
      else out.push(c);
    }
    if (small.length < 2) return g;
    const { buf, stamp, gen } = this.scoreScratch();
    const touched: number[] = [];
    for (const c of small)
      for (; c.doc !== END; c.next()) {
        const d = c.doc;
        const s = c.score();
        if (stamp[d] !== gen) {
          stamp[d] = gen;
          buf[d] = s;
          touched.push(d);
        } else if (s > (buf[d] as number)) buf[d] = s;
      }
    const docs = Uint32Array.from(touched).sort();
    const scores = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) scores[i] = buf[docs[i] as number] as number;
    out.push(new ListCursor(docs, scores));
    return new TermGroup<Cursor>(out);
  }

  /** The per-doc score buffer with a fresh stamp (a doc's entry is valid when its stamp is `gen`). */
  private scoreScratch(): { buf: Float64Array; stamp: Uint32Array; gen: number } {
    if (this.scoreBuf.length < this.size) {
      this.scoreBuf = new Float64Array(Math.max(this.size, this.scoreBuf.length * 2));
      this.scoreStamp = new Uint32Array(this.scoreBuf.length);
    }
    if (++this.scoreGen === 0xffffffff) {
      this.scoreStamp.fill(0);
      this.scoreGen = 1;
    }
    return { buf: this.scoreBuf, stamp: this.scoreStamp, gen: this.scoreGen };
  }

  /** Text-only top-k through MaxScore, and the same query's term groups (tests compare with exhaustive scoring). */
  textTopK(q: string, k: number, fresh = false): Array<{ score: number; doc: number; matched: number }> | TermGroup[] {
    const all = analyzeQuery(q);
    const content = all.filter((t) => !t.stop);
    const { groups } = this.groupsFor(content.length > 0 ? content : all, !/\s$/.test(q));
    if (fresh) return groups;
    const accept = (d: number) => this.live[d] === 1;
    return this.topK(groups, k, accept).sorted();
  }

  search(q: SearchQuery, weights: RankWeights): SearchOutcome {
    const all = analyzeQuery(q.q);
    const content = all.filter((t) => !t.stop);
    const terms = content.length > 0 ? content : all;
    const accept = this.filter(q) as (d: number) => boolean;
    const want = q.offset + q.limit;
    if (terms.length === 0) return this.browse(q, accept);
    const prefixLast = !/\s$/.test(q.q);
    const { groups, fuzzyOnly, lists } = this.groupsFor(terms, prefixLast);
    const k = Math.max(want, RERANK_DEPTH);
    const cands = this.topK(groups, k, accept, this.rangeOf(q)).sorted();
    const { total, exact, facets } = this.count(lists, q);
    const hits = this.rerank(cands, terms, q.q, weights);
    const didYouMean = total < 3 || fuzzyOnly.some(Boolean) ? this.correct(all) : null;
    return {
      hits: hits.slice(q.offset, want),
      total: Math.max(total, cands.length),
      totalExact: exact,
      facets,
      didYouMean,
      terms: terms.map((t) => t.raw),
    };
  }

  /**
   * Final order for the top candidates: normalised text relevance blended with quality, plus
   * name evidence (the whole query is the name, or the name starts with it) and a penalty for
   * documents that match only some of the query terms.
   */
  private rerank(
    cands: Array<{ score: number; doc: number; matched: number }>,
    terms: QueryTerm[],
    rawQuery: string,
    w: RankWeights,
  ): SearchHit[] {
    if (cands.length === 0) return [];
    const nTerms = terms.length;
    const top = (cands[0] as { score: number }).score || 1;
    const qn = normalizeQueryText(rawQuery);
    const qCompact = qn.replace(/ /g, '');
    const prefixLast = !/\s$/.test(rawQuery);
    const rescored = cands.slice(0, RERANK_DEPTH).map((c) => {
      const coord = nTerms > 1 ? c.matched / nTerms : 1;
      let text = (c.score / top) * (0.5 + 0.5 * coord * coord);
      const name = normalizeQueryText(this.names[c.doc] as string);
      const nameCompact = name.replace(/ /g, '');
      if (name === qn || nameCompact === qCompact) text += 0.6;
      else if (qn.length >= 3 && (name.startsWith(qn) || nameCompact.startsWith(qCompact))) text += 0.35;
      const cover = nameCoverage(name, terms, prefixLast);
      text += 0.4 * cover * cover;
      // every word of the name is a query word (typos allowed): the name, misspelled
      if (cover === 1 && name.split(' ').length === terms.length) text += 0.2;
      const quality = this.quality[c.doc] as number;
      const score = w.text * Math.min(1, text / 2) + (1 - w.text) * quality;
      return { doc: c.doc, score, text: c.score, quality };
    });
    rescored.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const rest = cands.slice(RERANK_DEPTH).map((c) => ({ doc: c.doc, score: 0, text: c.score, quality: this.quality[c.doc] as number }));
    // below the re-ranked block the text order stands; scores stay decreasing
    const floor = rescored.length > 0 ? (rescored[rescored.length - 1] as SearchHit).score : 0;
    const topText = rest.length > 0 ? (rest[0] as SearchHit).text || 1 : 1;
    for (const r of rest) r.score = floor * 0.999 * (r.text / topText);
    return [...rescored, ...rest];
  }

  private stamp = 0;
  private seen = new Uint32Array(0);

  /**
   * Total matches and category facets under the filters (except the category filter itself,
   * so the facet list shows where else results are). Each variant's postings are walked
   * directly, marking documents in a stamped array, segment by segment (each category's range
   * of doc ids, then the docs indexed since the build): exact while every walk stays within
   * its budget; beyond it, a segment's count below the doc id where its walks stopped is scaled
   * to the whole segment.
   */
  private count(lists: Array<Array<[number, number]>>, q: SearchQuery): { total: number; exact: boolean; facets: Record<string, number> } {
    const groups = lists.map((l) => new TermGroup(l.map(([id, w]) => this.cursor(id, w))));
    if (this.seen.length < this.size) this.seen = new Uint32Array(Math.max(this.size, this.seen.length * 2));
    const stamp = ++this.stamp;
    if (stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const cat = q.category !== undefined ? (categoryIndex.get(q.category) ?? 254) : -1;
    const segs = this.segments();
    const segOf = (d: number): number => (d >= this.sortedUpTo ? segs.length - 1 : (segs.index[this.category[d] as number] as number));
    const cursors = groups.flatMap((g) => g.cursors);
    const perList = Math.ceil(COUNT_BUDGET / Math.max(1, cursors.length));
    // the filtered category's segment gets a list's whole budget, the others share one
    const perSeg = Math.max(16, Math.ceil(perList / segs.length));
    const limit = segs.to.slice(); // docs below limit[s] in segment s were walked in every list
    const marked: number[] = [];
    for (const c of cursors) {
      for (let si = 0; si < segs.length; si++) {
        const to = segs.to[si] as number;
        if (to <= (segs.from[si] as number)) continue;
        c.advance(segs.from[si] as number);
        const budget = cat >= 0 && segs.cat[si] === cat ? perList : perSeg;
        let steps = 0;
        while (c.doc < to) {
          if (steps++ >= budget) {
            if (c.doc < (limit[si] as number)) limit[si] = c.doc;
            break;
          }
          if (this.seen[c.doc] !== this.stamp) {
            this.seen[c.doc] = this.stamp;
            marked.push(c.doc);
          }
          c.next();
        }
      }
    }
    let exact = true;
    const scale = new Float64Array(segs.length);
    for (let si = 0; si < segs.length; si++) {
      const from = segs.from[si] as number;
      const lim = limit[si] as number;
      if (lim < (segs.to[si] as number)) exact = false;
      scale[si] = lim > from ? ((segs.to[si] as number) - from) / (lim - from) : 0;
    }
    const facetFilter = this.filter({ ...q, category: undefined }) as (d: number) => boolean;
    const counts = new Float64Array(256);
    let total = 0;
    for (const doc of marked) {
      const si = segOf(doc);
      if (doc >= (limit[si] as number) || !facetFilter(doc)) continue;
      const c = this.category[doc] as number;
      const w = scale[si] as number;
      (counts as Float64Array)[c] = (counts[c] as number) + w;
      if (cat < 0 || c === cat) total += w;
    }
    const facets: Record<string, number> = {};
    categories.forEach((name, i) => {
      const n = Math.round(counts[i] as number);
      if (n > 0) facets[name] = n;
    });
    return { total: Math.round(total), exact, facets };
  }

  /**
   * Doc-id segments in ascending order: each category's range of the category-ordered docs,
   * then the tail (docs indexed since the build); the whole id space when nothing is ordered.
   * `index[category]` is the segment of a category's range.
   */
  private segments(): { from: number[]; to: number[]; cat: number[]; index: Int32Array; length: number } {
    const from: number[] = [];
    const to: number[] = [];
    const cat: number[] = [];
    const index = new Int32Array(256).fill(-1);
    if (this.sortedUpTo > 0)
      for (let c = 0; c < 256; c++) {
        const a = this.catStart[c] as number;
        const b = this.catStart[c + 1] as number;
        if (b <= a) continue;
        index[c] = from.length;
        from.push(a);
        to.push(b);
        cat.push(c);
      }
    from.push(this.sortedUpTo);
    to.push(this.size);
    cat.push(-1);
    return { from, to, cat, index, length: from.length };
  }

  /** Empty query with filters: the filtered apps by popularity (quality). */
  private browse(q: SearchQuery, accept: (d: number) => boolean): SearchOutcome {
    const heap = new TopK(Math.max(1, q.offset + q.limit));
    let total = 0;
    const counts = new Float64Array(256);
    const facetFilter = this.filter({ ...q, category: undefined }) as (d: number) => boolean;
    for (let d = 0; d < this.size; d++) {
      if (!facetFilter(d)) continue;
      const c = this.category[d] as number;
      (counts as Float64Array)[c] = (counts[c] as number) + 1;
      if (!accept(d)) continue;
      total++;
      heap.push((this.quality[d] as number) + 1e-12 * (this.size - d), d, 0);
    }
    const facets: Record<string, number> = {};
    categories.forEach((name, i) => {
      if ((counts[i] as number) > 0) facets[name] = counts[i] as number;
    });
    const hits = heap
      .sorted()
      .slice(q.offset)
      .map((h) => ({ doc: h.doc, score: this.quality[h.doc] as number, text: 0, quality: this.quality[h.doc] as number }));
    return { hits, total, totalExact: true, facets, didYouMean: null, terms: [] };
  }

  /** "Did you mean": each unknown or rare term replaced by its most frequent near neighbour. */
  correct(terms: QueryTerm[]): string | null {
    let changed = false;
    const words = terms.map((t) => {
      if (t.stop) return t.raw;
      const id = this.termIds.get(t.term);
      const df = id === undefined ? 0 : this.df(id);
      if (df >= 3) return t.raw;
      const k = fuzziness(t.raw.length) || (t.raw.length >= 3 ? 1 : 0);
      if (k === 0) return t.raw;
      let best: string | null = null;
      let bestScore = -1;
      for (const h of this.fuzzyCached(t.raw, k)) {
        if (h.distance === 0) continue;
        const hdf = this.df(this.termIds.get(h.term) as number);
        const s = hdf / (h.distance * h.distance);
        if (hdf > df * 3 && s > bestScore && !STOP_WORDS.has(h.term)) {
          best = h.term;
          bestScore = s;
        }
      }
      if (!best) return t.raw;
      changed = true;
      return best;
    });
    return changed ? words.join(' ') : null;
  }

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

export { fold, lowerBound, qualityOf };
