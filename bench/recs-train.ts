/**
 * bench:recs-train — recommendation model training at scale, in memory (no database): the
 * neighbour build of src/modules/recommendations/model.ts over generated users × apps ×
 * interactions with taste clusters. Reports time and peak memory (the target:
 * 1M users × 200k apps × 20M interactions within 10 minutes).
 */
import { buildNeighbors, fromLists, type ItemInput } from '../src/modules/recommendations/model.js';
import { benchArgs, progress, report, round, rssMb } from './lib/report.js';

const args = benchArgs('recs-train', 'Recommendation neighbour training in memory at scale (time and memory).', {
  users: { type: 'string', default: '1000000', description: 'users' },
  apps: { type: 'string', default: '200000', description: 'apps' },
  interactions: { type: 'string', default: '20000000', description: 'downloads in total' },
  clusters: { type: 'string', default: '500', description: 'taste clusters' },
});
const nUsers = Number(args.users);
const nApps = Number(args.apps);
const nInter = Number(args.interactions);
const k = Number(args.clusters);

let seed = 11;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const t0 = performance.now();
const items: ItemInput[] = [];
for (let i = 0; i < nApps; i++) {
  const c = i % k;
  const w = () => `t${c}w${Math.floor(rand() * 12)}`;
  items.push({
    category: `cat${c % 26}`,
    developerId: `d${i % 40_000}`,
    name: `${w()} ${w()}`,
    keywords: [w(), w(), w()],
    description: `${w()} ${w()} ${w()} ${w()} ${w()} ${w()} general words app tool ${Math.floor(rand() * 1000)}`,
  });
}
// each user: ~interactions/users apps, 80% from their cluster (skewed inside it), 20% anywhere
const perCluster = Math.ceil(nApps / k);
const lists: number[][] = [];
let total = 0;
for (let u = 0; u < nUsers; u++) {
  const n = Math.max(1, Math.round((nInter / nUsers) * (0.5 + rand())));
  const c = Math.floor(rand() * k);
  const l: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = rand() < 0.8 ? c + k * Math.floor(perCluster * rand() ** 2) : Math.floor(nApps * rand() ** 3);
    if (i < nApps) l.push(i);
  }
  total += l.length;
  lists.push(l);
  if (u % 200_000 === 0) progress(`  generated ${u.toLocaleString()} users`);
}
const genS = (performance.now() - t0) / 1000;
progress(
  `generated ${nUsers.toLocaleString()} users, ${nApps.toLocaleString()} apps, ${total.toLocaleString()} interactions in ${round(genS, 1)} s`,
);
let peak = rssMb();
const timer = setInterval(() => {
  peak = Math.max(peak, rssMb());
}, 500);
const t1 = performance.now();
const data = fromLists(nApps, lists);
lists.length = 0;
const nb = buildNeighbors(items, data, undefined, (done) => {
  peak = Math.max(peak, rssMb());
  if (done % 50_000 === 0) progress(`  neighbours of ${done.toLocaleString()} / ${nApps.toLocaleString()} apps`);
});
const trainS = (performance.now() - t1) / 1000;
clearInterval(timer);
peak = Math.max(peak, rssMb());
const md = [
  `In memory, no database: ${nUsers.toLocaleString()} users × ${nApps.toLocaleString()} apps × ${total.toLocaleString()} interactions (${k} taste clusters), 50 neighbours per app (co-download asymmetric cosine + TF-IDF content).`,
  '',
  `| figure | value |`,
  `|---|---|`,
  `| neighbour training | ${round(trainS, 1)} s |`,
  `| neighbour lists | ${nb.idx.length.toLocaleString()} pairs |`,
  `| peak RSS | ${peak} MB |`,
].join('\n');
console.log(md);
report('recs-train', 'Recommendation training at scale (bench:recs-train)', md, {
  users: nUsers,
  apps: nApps,
  interactions: total,
  trainSeconds: round(trainS, 1),
  peakRssMb: peak,
});
