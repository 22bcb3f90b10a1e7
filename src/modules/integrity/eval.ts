/** The CONTRACT eval: train on one labelled file, report metrics on another (fake = positive). */
import type { LabelRow } from './labels-csv.js';
import { toLabelled } from './labels-csv.js';
import { evaluate, fitModel } from './model/pipeline.js';

export interface EvalResult {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  trainSeconds: number;
}

export async function runEval(train: LabelRow[], test: LabelRow[], onEpoch?: (epoch: number) => void): Promise<EvalResult> {
  const fitted = await fitModel(toLabelled(train), { onEpoch });
  const m = evaluate(fitted, toLabelled(test));
  return { accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1, trainSeconds: fitted.seconds };
}
