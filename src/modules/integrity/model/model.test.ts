import { describe, expect, it } from 'vitest';
import { syntheticLabels } from '../../reviews/reviews.fixtures.js';
import { runEval } from '../eval.js';
import { parseLabelCsv, toLabelled } from '../labels-csv.js';
import { computeSignals, contentSignal, ruleScore } from '../signals.js';
import { DEFAULT_SPEC, featurize } from './features.js';
import { minhash, similarity } from './near-duplicates.js';
import { fitModel, isHeldOut } from './pipeline.js';
import { modelFromBytes, weightsToBytes } from './serialize.js';

describe('integrity model', () => {
  it('featurises deterministically, with text and dense parts', () => {
    const a = featurize({ text: 'Sync broke after the update.', rating: 2 }, DEFAULT_SPEC);
    const b = featurize({ text: 'Sync broke after the update.', rating: 2 }, DEFAULT_SPEC);
    expect(Array.from(a.idx)).toEqual(Array.from(b.idx));
    expect(Array.from(a.val)).toEqual(Array.from(b.val));
    expect(Math.max(...a.idx)).toBeGreaterThanOrEqual(1 << DEFAULT_SPEC.bits);
    expect(featurize({ text: '' }, DEFAULT_SPEC).idx.length).toBeGreaterThan(0); // start/end markers
  });

  it('trains the same model from the same labels, and survives a round trip through bytes', async () => {
    const data = toLabelled(syntheticLabels(120).map((r) => ({ ...r, rating: r.rating })));
    const one = await fitModel(data);
    const two = await fitModel(data);
    expect(Buffer.compare(weightsToBytes(one.model), weightsToBytes(two.model))).toBe(0);
    const back = modelFromBytes(one.spec, weightsToBytes(one.model), one.model.bias);
    expect(back.weights[123]).toBe(one.model.weights[123]);
  });

  it('evaluates per the CONTRACT with fake as the positive class', async () => {
    const rows = syntheticLabels(200).map((r) => ({ ...r, rating: null }));
    const r = await runEval(rows.slice(0, 150), rows.slice(150));
    expect(Object.keys(r)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'trainSeconds']);
    expect(r.accuracy).toBeGreaterThan(0.9);
  });

  it('holds out a stable fifth of the labels', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `label-${i}`);
    const share = ids.filter(isHeldOut).length / ids.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    expect(isHeldOut('label-42')).toBe(isHeldOut('label-42'));
  });
});

describe('labelled CSV files', () => {
  it('reads quoted fields with commas and newlines, a BOM and an optional rating', () => {
    const csv = '\uFEFFtext,label,rating\n"Great, really great\nsecond line",fake,5\nplain text,GENUINE,\n';
    expect(parseLabelCsv(csv)).toEqual([
      { text: 'Great, really great\nsecond line', label: 'fake', rating: 5 },
      { text: 'plain text', label: 'genuine', rating: null },
    ]);
  });

  it('names the line of a bad row', () => {
    expect(() => parseLabelCsv('text,label\nok,fake\nbad,maybe\n')).toThrow(/line 3: label must be fake or genuine/);
    expect(() => parseLabelCsv('text,label,rating\nok,fake,9\n')).toThrow(/line 2: rating/);
    expect(() => parseLabelCsv('body,kind\nx,fake\n')).toThrow(/text and label/);
  });
});

describe('integrity signals', () => {
  const base = {
    authorReviews24h: 1,
    accountAgeDays: 400,
    purchased: true,
    appReviews24h: 3,
    appDailyAverage: 3,
    maxSimilarity: 0,
    title: '',
    body: 'The export to PDF crashes on my iPad since version 3.2; support answered in a day.',
  };

  it('follows the reference formula: velocity, purchase, coordination, originality', () => {
    expect(computeSignals(base).signals).toMatchObject({
      velocity: 1,
      verifiedPurchase: 1,
      coordination: 1,
      originality: 1,
      accountAge: 1,
    });
    expect(computeSignals({ ...base, authorReviews24h: 3 }).signals.velocity).toBe(0.6);
    expect(computeSignals({ ...base, authorReviews24h: 6 }).signals.velocity).toBe(0.2);
    expect(computeSignals({ ...base, purchased: false }).signals.verifiedPurchase).toBe(0.3);
    expect(computeSignals({ ...base, appReviews24h: 16 }).signals.coordination).toBe(0.3);
    expect(computeSignals({ ...base, appReviews24h: 15 }).signals.coordination).toBe(1);
    expect(computeSignals({ ...base, maxSimilarity: 0.9 }).reasons.some((r) => r.startsWith('originality'))).toBe(true);
    expect(ruleScore(computeSignals(base).signals)).toBeGreaterThan(0.9);
  });

  it('rates specific text above generic promotion', () => {
    expect(contentSignal('', base.body).score).toBeGreaterThan(0.8);
    expect(contentSignal('', 'Best app ever!!! Must download').score).toBeLessThan(0.3);
    expect(contentSignal('', 'Visit www.example.com for promo code').reasons).toContain('content: links or contact details');
  });

  it('finds near-duplicate texts and tells unrelated ones apart', () => {
    const a = minhash('Best app ever!!! Must download, five stars') as Uint32Array;
    const b = minhash('best app ever - must download. Five stars!') as Uint32Array;
    const c = minhash(base.body) as Uint32Array;
    expect(similarity(a, b)).toBeGreaterThan(0.9);
    expect(similarity(a, c)).toBeLessThan(0.2);
    expect(minhash('  !!! ')).toBeNull();
  });
});
