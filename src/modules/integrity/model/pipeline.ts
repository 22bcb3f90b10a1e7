/** Train and evaluate the integrity classifier on labelled examples (1 = fake). */
import { DEFAULT_SPEC, dims, type Example, type FeatureSpec, featurize } from './features.js';
import { DEFAULT_TRAIN, type LinearModel, predict, type TrainOptions, train } from './logreg.js';
import { binaryMetrics, type Metrics } from './metrics.js';

export interface Labelled extends Example {
  /** 1 = fake, 0 = genuine. */
  label: 0 | 1;
}

export interface Fitted {
  model: LinearModel;
  spec: FeatureSpec;
  seconds: number;
}

/** The text a model reads for a review: title and body. */
export const reviewText = (title: string, body: string) => (title ? `${title}\n${body}` : body);

export async function fitModel(
  examples: Labelled[],
  opts: { spec?: FeatureSpec; train?: Partial<TrainOptions>; onEpoch?: TrainOptions['onEpoch'] } = {},
): Promise<Fitted> {
  const spec = opts.spec ?? DEFAULT_SPEC;
  const t0 = performance.now();
  const xs = examples.map((e) => featurize(e, spec));
  const model = await train(
    xs,
    examples.map((e) => e.label),
    dims(spec),
    { ...DEFAULT_TRAIN, ...opts.train, onEpoch: opts.onEpoch },
  );
  return { model, spec, seconds: Math.round((performance.now() - t0) / 10) / 100 };
}

export const probabilityFake = (f: Pick<Fitted, 'model' | 'spec'>, e: Example) => predict(f.model, featurize(e, f.spec));

export function evaluate(f: Pick<Fitted, 'model' | 'spec'>, examples: Labelled[]): Metrics {
  return binaryMetrics(
    examples.map((e) => e.label),
    examples.map((e) => (probabilityFake(f, e) >= 0.5 ? 1 : 0)),
  );
}

/** A fixed ~20% slice by id, so a label stays on the same side across retrains. */
export function isHeldOut(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 5 === 0;
}
