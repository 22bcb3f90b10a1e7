/** Binary classification metrics with "fake" (1) as the positive class. */
export interface Metrics {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export function binaryMetrics(truth: number[], predicted: number[]): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (t === 1 && p === 1) tp++;
    else if (t === 0 && p === 1) fp++;
    else if (t === 1) fn++;
    else tn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    n: truth.length,
    accuracy: r(truth.length === 0 ? 0 : (tp + tn) / truth.length),
    precision: r(precision),
    recall: r(recall),
    f1: r(f1),
  };
}
