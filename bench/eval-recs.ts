/**
 * `npm run eval:recs` — offline evaluation of the recommendation models on a generated
 * interaction set with planted taste clusters (or a real one: --interactions), holding out each
 * user's last download: HitRate@10 and NDCG@10 for every section's model and the blended page,
 * next to a popularity baseline. Writes docs/benchmarks.md; the last line is the blended figures.
 */
import fs from 'node:fs';
import { categories } from '../src/modules/catalog/categories.js';
import { assemble, buildNeighbors, defaultNeighborOptions, fromLists, type ItemInput } from '../src/modules/recommendations/model.js';
import { benchArgs, progress, report, round, rssMb } from './lib/report.js';

const args = benchArgs('eval:recs', 'Recommendation quality (leave-last-out HitRate@10, NDCG@10) against a popularity baseline.', {
  users: { type: 'string', default: '8000', description: 'generated users' },
  items: { type: 'string', default: '4000', description: 'generated apps' },
  clusters: { type: 'string', default: '40', description: 'planted taste clusters' },
  seed: { type: 'string', default: '42', description: 'random seed' },
  shrink: {
    type: 'string',
    default: String(defaultNeighborOptions.shrink),
    description: 'co-download support at which the blend is half content',
  },
  'content-weight': { type: 'string', default: String(defaultNeighborOptions.contentWeight), description: 'scale of content similarity' },
  asymmetry: { type: 'string', default: String(defaultNeighborOptions.asymmetry), description: 'neighbour asymmetry a (0.5 = cosine)' },
  interactions: { type: 'string', description: 'real data instead: CSV user_id,app_id,day (header row), one download per line' },
  catalog: {
    type: 'string',
    description: 'with --interactions: JSONL of apps {id|bundleId, name, category, keywords, description, developer}',
  },
});

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Dataset {
  items: ItemInput[];
  /** Per user, item indexes in time order. */
  sequences: number[][];
}

const COMMON = 'simple fast free easy best new daily smart pro plus lite home quick tools friendly offline'.split(' ');

/** Users belong to one or two of `k` taste clusters; apps belong to one cluster with its own words and category. */
function generate(nUsers: number, nItems: number, k: number, seed: number): Dataset {
  const rand = rng(seed);
  const vocab = Array.from({ length: k }, (_, c) => Array.from({ length: 10 }, (_, w) => `topic${c}w${w}`));
  const clusterOf: number[] = [];
  const byCluster: number[][] = Array.from({ length: k }, () => []);
  const items: ItemInput[] = [];
  for (let i = 0; i < nItems; i++) {
    const c = Math.floor(rand() * k);
    clusterOf.push(c);
    byCluster[c]?.push(i);
    const words = vocab[c] as string[];
    const pickW = () =>
      rand() < 0.7 ? (words[Math.floor(rand() * words.length)] as string) : (COMMON[Math.floor(rand() * COMMON.length)] as string);
    items.push({
      category: categories[c % categories.length] as string,
      developerId: `dev${Math.floor(rand() * (nItems / 6))}`,
      name: `${pickW()} ${pickW()}`,
      keywords: [pickW(), pickW(), pickW()],
      description: Array.from({ length: 14 }, pickW).join(' '),
    });
  }
  // popularity inside each cluster is skewed (Zipf-like), and a few apps are popular with everyone
  const weightOf = new Float64Array(nItems);
  for (const list of byCluster)
    list.forEach((i, r) => {
      weightOf[i] = 1 / (r + 1) ** 0.9;
    });
  const cum = (list: number[]) => {
    const c: number[] = [];
    let s = 0;
    for (const i of list) {
      s += weightOf[i] as number;
      c.push(s);
    }
    return c;
  };
  const cums = byCluster.map(cum);
  const all = Array.from({ length: nItems }, (_, i) => i);
  const globalCum = cum(all);
  const draw = (list: number[], c: number[]) => {
    const x = rand() * (c[c.length - 1] as number);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] as number;
  };
  const sequences: number[][] = [];
  for (let u = 0; u < nUsers; u++) {
    const tastes = [Math.floor(rand() * k)];
    if (rand() < 0.5) tastes.push(Math.floor(rand() * k));
    const n = 6 + Math.floor(rand() * 20);
    const seen = new Set<number>();
    const seq: number[] = [];
    for (let tries = 0; seq.length < n && tries < n * 10; tries++) {
      const t = tastes[Math.floor(rand() * tastes.length)] as number;
      const i = rand() < 0.8 ? draw(byCluster[t] as number[], cums[t] as number[]) : draw(all, globalCum);
      if (seen.has(i)) continue;
      seen.add(i);
      seq.push(i);
    }
    sequences.push(seq);
  }
  return { items, sequences };
}

function load(file: string, catalogFile?: string): Dataset {
  const index = new Map<string, number>();
  const items: ItemInput[] = [];
  const itemOf = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = items.length;
      index.set(id, i);
      items.push({ category: '', developerId: '', name: '', keywords: [], description: '' });
    }
    return i;
  };
  if (catalogFile)
    for (const line of fs.readFileSync(catalogFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const a = JSON.parse(line) as Record<string, unknown>;
      const i = itemOf(String(a.id ?? a.bundleId));
      items[i] = {
        category: String(a.category ?? ''),
        developerId: String(a.developer ?? a.developerId ?? ''),
        name: String(a.name ?? ''),
        keywords: Array.isArray(a.keywords) ? (a.keywords as string[]) : [],
        description: String(a.description ?? ''),
      };
    }
  const perUser = new Map<string, Array<[number, string]>>();
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [u, a, day] = line.split(',');
    if (!u || !a) continue;
    let l = perUser.get(u);
    if (!l) {
      l = [];
      perUser.set(u, l);
    }
    l.push([itemOf(a), day ?? '']);
  }
  const sequences = [...perUser.values()].map((l) => l.sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)).map(([i]) => i));
  return { items, sequences };
}

const data = args.interactions
  ? load(args.interactions, args.catalog)
  : generate(Number(args.users), Number(args.items), Number(args.clusters), Number(args.seed));
progress(`${data.sequences.length} users, ${data.items.length} apps, ${data.sequences.reduce((s, q) => s + q.length, 0)} interactions`);

// leave-last-out: train on everything but each user's last download
const eligible = data.sequences.map((q, u) => ({ u, q })).filter(({ q }) => q.length >= 2);
const train = data.sequences.map((q) => (q.length >= 2 ? q.slice(0, -1) : q));
const t0 = performance.now();
const nb = buildNeighbors(data.items, fromLists(data.items.length, train), {
  ...defaultNeighborOptions,
  asymmetry: Number(args.asymmetry),
  shrink: Number(args.shrink),
  contentWeight: Number(args['content-weight']),
});
const trainMs = performance.now() - t0;
progress(`neighbours built in ${round(trainMs)} ms`);

const popularity = new Float64Array(data.items.length);
for (const q of train) for (const i of q) popularity[i] = (popularity[i] as number) + 1;
const byPop = Array.from({ length: data.items.length }, (_, i) => i).sort((a, b) => (popularity[b] as number) - (popularity[a] as number));
const popByCat = new Map<string, string[]>();
for (const i of byPop) {
  const c = (data.items[i] as ItemInput).category;
  const l = popByCat.get(c) ?? [];
  if (l.length < 60) l.push(String(i));
  popByCat.set(c, l);
}
const neighbors = (id: string) => {
  const i = Number(id);
  const out: Array<{ id: string; sim: number }> = [];
  for (let p = nb.off[i] as number; p < (nb.off[i + 1] as number); p++) out.push({ id: String(nb.idx[p]), sim: nb.sim[p] as number });
  return out;
};
const meta = (id: string) => {
  const it = data.items[Number(id)];
  return it ? { id, developerId: it.developerId, category: it.category, quality: 0.5 } : undefined;
};

const fullSizes = { because: 5, becauseApps: 3, mightLike: 10, popular: 5, popularCategories: 2, perDeveloper: 2 };
type Model = 'blended' | 'because' | 'mightLike' | 'popularInCategory' | 'popularity';
const models: Model[] = ['blended', 'because', 'mightLike', 'popularInCategory', 'popularity'];
const hits = Object.fromEntries(models.map((m) => [m, 0])) as Record<Model, number>;
const ndcg = Object.fromEntries(models.map((m) => [m, 0])) as Record<Model, number>;
const score = (m: Model, list: string[], target: string) => {
  const r = list.slice(0, 10).indexOf(target);
  if (r >= 0) {
    hits[m]++;
    ndcg[m] += 1 / Math.log2(r + 2);
  }
};
const serveMs: number[] = [];
for (const { u, q } of eligible) {
  const target = String(q[q.length - 1]);
  const hist = (train[u] as number[]).map(String).reverse(); // most recent first
  const s0 = performance.now();
  const plan = assemble({ history: hist, owned: new Set(), neighbors, meta, popular: (c) => popByCat.get(c) ?? [] });
  serveMs.push(performance.now() - s0);
  // each section's model on its own (on the page, later sections skip apps shown above them)
  const alone = (sizes: Partial<typeof fullSizes>) =>
    assemble({
      history: hist,
      owned: new Set(),
      neighbors,
      meta,
      popular: (c) => popByCat.get(c) ?? [],
      sizes: { ...fullSizes, becauseApps: 0, mightLike: 0, popularCategories: 0, ...sizes },
    });
  const of = (t: string, p = plan) => p.filter((x) => x.type === t).flatMap((x) => x.ids);
  // interleave "because" sections so each recent app has its best first
  const interleave = (p: ReturnType<typeof assemble>) => {
    const secs = p.filter((x) => x.type === 'because_you_downloaded').map((x) => x.ids);
    const out: string[] = [];
    const total = secs.reduce((t, x) => t + x.length, 0);
    for (let r = 0; out.length < total; r++) for (const x of secs) if (x[r] !== undefined) out.push(x[r] as string);
    return out;
  };
  const inter = interleave(plan);
  const might = of('you_might_like');
  const pop = of('popular_in_category');
  score('because', interleave(alone({ becauseApps: 3 })), target);
  score('mightLike', of('you_might_like', alone({ mightLike: 10 })), target);
  score('popularInCategory', of('popular_in_category', alone({ popularCategories: 2 })), target);
  // the page's top ten: CF first, then because, then popular in the user's categories
  const blended: string[] = [];
  const sources = [might, inter, pop];
  for (let r = 0; blended.length < 10 && r < 20; r++)
    for (const src of sources) {
      const take = src === might ? src.slice(r * 3, r * 3 + 3) : src.slice(r, r + 1);
      for (const id of take) if (!blended.includes(id) && blended.length < 10) blended.push(id);
    }
  score('blended', blended, target);
  const seen = new Set(hist);
  const popList: string[] = [];
  for (const i of byPop) {
    if (popList.length >= 10) break;
    if (!seen.has(String(i))) popList.push(String(i));
  }
  score('popularity', popList, target);
}
const n = eligible.length;
const rows = models.map((m) => ({ model: m, hit: round(hits[m] / n, 4), ndcg: round(ndcg[m] / n, 4) }));
const base = rows.find((r) => r.model === 'popularity') as { hit: number; ndcg: number };
serveMs.sort((a, b) => a - b);
const p99 = serveMs[Math.floor(serveMs.length * 0.99)] ?? 0;
const md = [
  `${args.interactions ? `Data: ${args.interactions}` : `Generated: ${args.users} users, ${args.items} apps, ${args.clusters} planted taste clusters (80% of each user's downloads from their 1–2 clusters, Zipf popularity inside a cluster)`}; ${n} users evaluated, each user's last download held out.`,
  '',
  '| model | HitRate@10 | NDCG@10 | × popularity HitRate |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.model} | ${r.hit} | ${r.ndcg} | ${round(r.hit / (base.hit || 1), 2)} |`),
  '',
  `Neighbour build ${round(trainMs)} ms; page assembly p99 ${round(p99, 3)} ms (in memory); RSS ${rssMb()} MB.`,
].join('\n');
console.log(md);
const blended = rows[0] as { hit: number; ndcg: number };
report('eval-recs', 'Recommendations: offline evaluation (eval:recs)', md, {
  hitRateAt10: blended.hit,
  ndcgAt10: blended.ndcg,
  popularityHitRateAt10: base.hit,
  popularityNdcgAt10: base.ndcg,
});
