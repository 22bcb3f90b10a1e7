/**
 * Recommendation models, pure and shared by the training job and `npm run eval:recs`:
 * item-to-item neighbours that blend co-download similarity (cosine over the users who got
 * both) with content similarity (TF-IDF cosine over name, keywords, category and description),
 * so an app nobody downloaded yet still has neighbours; and the serving-time assembly of the
 * sections from those neighbours.
 */

export interface ItemInput {
  category: string;
  developerId: string;
  name: string;
  keywords: string[];
  description: string;
}

export interface Neighbors {
  /** Flattened: neighbours of item i are idx[off[i] .. off[i+1]). */
  off: Int32Array;
  idx: Int32Array;
  sim: Float32Array;
}

export interface NeighborOptions {
  k: number;
  /** Co-download support at which the blend is half co-download, half content. */
  shrink: number;
  /** Most recent items per user that count (bounds the pair work per user). */
  maxPerUser: number;
  /** Terms in more than max(maxDfFloor, maxDfShare·n) items are not used to find content candidates. */
  maxDfShare: number;
  maxDfFloor: number;
  /** Strongest terms per item used to find content candidates. */
  termsPerItem: number;
  /**
   * Asymmetric cosine: support / (n_i^(1−a) · n_j^a). a = 0.5 is the cosine; smaller values
   * lean towards neighbours that many people get (closer to P(j | i)).
   */
  asymmetry: number;
  /** Scale of content similarity against co-download similarity. */
  contentWeight: number;
}

export const defaultNeighborOptions: NeighborOptions = {
  k: 50,
  shrink: 1,
  maxPerUser: 50,
  maxDfShare: 0.01,
  maxDfFloor: 500,
  termsPerItem: 16,
  asymmetry: 0.2,
  contentWeight: 0.15,
};

const STOP = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with you your our app apps'.split(' '),
);

export function tokenize(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !STOP.has(t));
}

/** Sparse, L2-normalised TF-IDF vectors of the items' text (keywords and name weigh more). */
export function contentVectors(items: ItemInput[]): { terms: Int32Array[]; weights: Float32Array[]; df: Int32Array } {
  const vocab = new Map<string, number>();
  const docs: Map<number, number>[] = items.map((it) => {
    const tf = new Map<number, number>();
    const add = (t: string, w: number) => {
      let id = vocab.get(t);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(t, id);
      }
      tf.set(id, (tf.get(id) ?? 0) + w);
    };
    for (const t of tokenize(it.name)) add(t, 2);
    for (const k of it.keywords) for (const t of tokenize(k)) add(t, 3);
    for (const t of tokenize(it.description).slice(0, 300)) add(t, 1);
    add(`cat:${it.category}`, 2);
    return tf;
  });
  const df = new Int32Array(vocab.size);
  for (const d of docs) for (const t of d.keys()) df[t] = (df[t] as number) + 1;
  const n = items.length;
  const terms: Int32Array[] = [];
  const weights: Float32Array[] = [];
  for (const d of docs) {
    const ts = [...d.keys()];
    const ws = ts.map((t) => (1 + Math.log(d.get(t) as number)) * Math.log((n + 1) / (df[t] as number)));
    const norm = Math.sqrt(ws.reduce((s, w) => s + w * w, 0)) || 1;
    const order = ts.map((_, i) => i).sort((a, b) => (ws[b] as number) - (ws[a] as number));
    terms.push(Int32Array.from(order.map((i) => ts[i] as number)));
    weights.push(Float32Array.from(order.map((i) => (ws[i] as number) / norm)));
  }
  return { terms, weights, df };
}

/** CSR of users → their items (most recent last) and the transposed items → users. */
export interface Interactions {
  nUsers: number;
  nItems: number;
  userOff: Int32Array;
  userItems: Int32Array;
}

export function fromLists(nItems: number, lists: number[][]): Interactions {
  const userOff = new Int32Array(lists.length + 1);
  let total = 0;
  lists.forEach((l, u) => {
    total += l.length;
    userOff[u + 1] = total;
  });
  const userItems = new Int32Array(total);
  let p = 0;
  for (const l of lists) for (const i of l) userItems[p++] = i;
  return { nUsers: lists.length, nItems, userOff, userItems };
}

/**
 * The k nearest neighbours of every item: sim = α·cosine(co-downloads) + (1 − α)·content
 * cosine, α = support / (support + shrink). Work is Σ_users min(n_u, maxPerUser)² for the
 * co-downloads and Σ_items Σ_terms df for content (common terms skipped).
 */
export function buildNeighbors(
  items: ItemInput[],
  data: Interactions,
  opts: NeighborOptions = defaultNeighborOptions,
  onProgress?: (done: number) => void,
): Neighbors {
  const n = items.length;
  // items → users, counting each user's last maxPerUser items only
  const counts = new Int32Array(n);
  const start = (u: number) => Math.max(data.userOff[u] as number, (data.userOff[u + 1] as number) - opts.maxPerUser);
  for (let u = 0; u < data.nUsers; u++)
    for (let p = start(u); p < (data.userOff[u + 1] as number); p++)
      counts[data.userItems[p] as number] = (counts[data.userItems[p] as number] as number) + 1;
  const itemOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) itemOff[i + 1] = (itemOff[i] as number) + (counts[i] as number);
  const itemUsers = new Int32Array(itemOff[n] as number);
  const fill = itemOff.slice(0, n);
  for (let u = 0; u < data.nUsers; u++)
    for (let p = start(u); p < (data.userOff[u + 1] as number); p++) {
      const i = data.userItems[p] as number;
      itemUsers[fill[i] as number] = u;
      fill[i] = (fill[i] as number) + 1;
    }

  const content = contentVectors(items);
  const maxDf = Math.max(opts.maxDfFloor, Math.floor(opts.maxDfShare * n));
  const postOff = new Int32Array(content.df.length + 1);
  for (let t = 0; t < content.df.length; t++)
    postOff[t + 1] = (postOff[t] as number) + ((content.df[t] as number) <= maxDf ? (content.df[t] as number) : 0);
  const postItem = new Int32Array(postOff[content.df.length] as number);
  const postW = new Float32Array(postItem.length);
  const pfill = postOff.slice(0, content.df.length);
  for (let i = 0; i < n; i++) {
    const ts = content.terms[i] as Int32Array;
    const ws = content.weights[i] as Float32Array;
    for (let k = 0; k < ts.length; k++) {
      const t = ts[k] as number;
      if ((content.df[t] as number) > maxDf) continue;
      const at = pfill[t] as number;
      pfill[t] = at + 1;
      postItem[at] = i;
      postW[at] = ws[k] as number;
    }
  }

  const co = new Float32Array(n);
  const cs = new Float32Array(n);
  const seen = new Uint8Array(n);
  const touched: number[] = [];
  const off = new Int32Array(n + 1);
  const idxOut: number[] = [];
  const simOut: number[] = [];
  const heapIdx = new Int32Array(opts.k);
  const heapSim = new Float32Array(opts.k);
  for (let i = 0; i < n; i++) {
    touched.length = 0;
    for (let p = itemOff[i] as number; p < (itemOff[i + 1] as number); p++) {
      const u = itemUsers[p] as number;
      for (let q = start(u); q < (data.userOff[u + 1] as number); q++) {
        const j = data.userItems[q] as number;
        if (j === i) continue;
        if (!seen[j]) {
          seen[j] = 1;
          touched.push(j);
        }
        co[j] = (co[j] as number) + 1;
      }
    }
    const ts = content.terms[i] as Int32Array;
    const ws = content.weights[i] as Float32Array;
    for (let k = 0; k < Math.min(ts.length, opts.termsPerItem); k++) {
      const t = ts[k] as number;
      const wi = ws[k] as number;
      for (let p = postOff[t] as number; p < (postOff[t + 1] as number); p++) {
        const j = postItem[p] as number;
        if (j === i) continue;
        if (!seen[j]) {
          seen[j] = 1;
          touched.push(j);
        }
        cs[j] = (cs[j] as number) + wi * (postW[p] as number);
      }
    }
    // keep the k best by blended similarity (simple bounded selection)
    let size = 0;
    let minAt = 0;
    const ni = counts[i] as number;
    for (const j of touched) {
      const support = co[j] as number;
      const cosCo = support > 0 ? support / (ni ** (1 - opts.asymmetry) * (counts[j] as number) ** opts.asymmetry) : 0;
      const alpha = support / (support + opts.shrink);
      const s = alpha * cosCo + (1 - alpha) * opts.contentWeight * (cs[j] as number);
      co[j] = 0;
      cs[j] = 0;
      seen[j] = 0;
      if (s <= 0) continue;
      if (size < opts.k) {
        heapIdx[size] = j;
        heapSim[size] = s;
        size++;
        if (size === opts.k) minAt = argmin(heapSim, size);
      } else if (s > (heapSim[minAt] as number)) {
        heapIdx[minAt] = j;
        heapSim[minAt] = s;
        minAt = argmin(heapSim, size);
      }
    }
    const order = Array.from({ length: size }, (_, x) => x).sort((a, b) => (heapSim[b] as number) - (heapSim[a] as number));
    for (const x of order) {
      idxOut.push(heapIdx[x] as number);
      simOut.push(heapSim[x] as number);
    }
    off[i + 1] = idxOut.length;
    if (onProgress && i % 10_000 === 0) onProgress(i);
  }
  return { off, idx: Int32Array.from(idxOut), sim: Float32Array.from(simOut) };
}

function argmin(a: Float32Array, size: number): number {
  let m = 0;
  for (let x = 1; x < size; x++) if ((a[x] as number) < (a[m] as number)) m = x;
  return m;
}

// ---- serving-time assembly (works on ids so the service and the evaluation share it) ----

export interface Candidate {
  id: string;
  developerId: string;
  category: string;
  /** Rating quality in [0, 1]. */
  quality: number;
}

export interface SectionPlan {
  type: 'because_you_downloaded' | 'you_might_like' | 'popular_in_category';
  reason: string;
  ids: string[];
  /** What the section is about (the app of "because", the category of "popular"). */
  about?: string;
}

export interface AssembleInput {
  /** The user's apps, most recent first. */
  history: string[];
  owned: Set<string>;
  neighbors: (appId: string) => Array<{ id: string; sim: number }>;
  meta: (appId: string) => Candidate | undefined;
  /** Popular apps of a category (best first). */
  popular: (category: string) => string[];
  names?: (appId: string) => string;
  sizes?: { because: number; becauseApps: number; mightLike: number; popular: number; popularCategories: number; perDeveloper: number };
}

const defaultSizes = { because: 5, becauseApps: 3, mightLike: 10, popular: 5, popularCategories: 2, perDeveloper: 2 };

/**
 * The recommendation page: "Because you downloaded X" for the 3 most recent apps (similarity
 * 0.6 + quality 0.4 over the 50 nearest), "Apps you might like" (item-based collaborative
 * filtering over the whole history), "Popular in <category>" for the 2 top categories. Owned
 * apps are excluded, every app appears once per page, and a developer at most twice a section.
 */
export function assemble(input: AssembleInput): SectionPlan[] {
  const sz = input.sizes ?? defaultSizes;
  const used = new Set<string>([...input.owned, ...input.history]);
  const pick = (ranked: string[], n: number) => {
    const out: string[] = [];
    const perDev = new Map<string, number>();
    for (const id of ranked) {
      if (out.length >= n) break;
      if (used.has(id)) continue;
      const m = input.meta(id);
      if (!m) continue;
      const c = perDev.get(m.developerId) ?? 0;
      if (c >= sz.perDeveloper) continue;
      perDev.set(m.developerId, c + 1);
      out.push(id);
    }
    for (const id of out) used.add(id);
    return out;
  };
  const sections: SectionPlan[] = [];

  // item-based CF: Σ over the history of similarity, recent apps weigh more
  const cf = new Map<string, number>();
  input.history.slice(0, 50).forEach((h, pos) => {
    const w = 1 / (1 + 0.1 * pos);
    for (const nb of input.neighbors(h)) cf.set(nb.id, (cf.get(nb.id) ?? 0) + w * nb.sim);
  });
  const cfRanked = [...cf.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);

  for (const h of input.history.slice(0, sz.becauseApps)) {
    const nbs = input.neighbors(h);
    const maxSim = nbs.reduce((m, x) => Math.max(m, x.sim), 0) || 1;
    const ranked = nbs
      .map((x) => ({ id: x.id, s: 0.6 * (x.sim / maxSim) + 0.4 * (input.meta(x.id)?.quality ?? 0) }))
      .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1))
      .map((x) => x.id);
    const ids = pick(ranked, sz.because);
    if (ids.length)
      sections.push({ type: 'because_you_downloaded', reason: `Because you downloaded ${input.names?.(h) ?? h}`, ids, about: h });
  }
  const might = pick(cfRanked, sz.mightLike);
  if (might.length) sections.push({ type: 'you_might_like', reason: 'Apps you might like', ids: might });

  const catCount = new Map<string, number>();
  for (const h of input.history) {
    const c = input.meta(h)?.category;
    if (c) catCount.set(c, (catCount.get(c) ?? 0) + 1);
  }
  const topCats = [...catCount.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, sz.popularCategories);
  for (const [c] of topCats) {
    const ids = pick(input.popular(c), sz.popular);
    if (ids.length) sections.push({ type: 'popular_in_category', reason: `Popular in ${c}`, ids, about: c });
  }
  return sections;
}
