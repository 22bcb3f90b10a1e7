/**
 * Binary logistic regression over sparse vectors, trained by stochastic gradient descent
 * with AdaGrad step sizes and L2 regularisation. Written here rather than pulled in because it
 * is the core of the integrity model and small: ~60 lines, no native code, and fully
 * deterministic (a seeded shuffle), so the same labels always give the same model.
 */
import type { SparseVec } from './features.js';

export interface TrainOptions {
  epochs: number;
  /** Base learning rate for AdaGrad. */
  learningRate: number;
  /** L2 penalty per update on the touched weights. */
  l2: number;
  seed: number;
  /** Called after each epoch; may return a promise so long runs yield to the event loop. */
  onEpoch?: (epoch: number, loss: number) => void | Promise<void>;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 12, learningRate: 0.2, l2: 1e-6, seed: 42 };

export interface LinearModel {
  weights: Float32Array;
  bias: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function margin(m: LinearModel, x: SparseVec): number {
  let z = m.bias;
  const { idx, val } = x;
  for (let i = 0; i < idx.length; i++) z += (m.weights[idx[i] as number] as number) * (val[i] as number);
  return z;
}

/** Probability of the positive class (here: "fake"). */
export const predict = (m: LinearModel, x: SparseVec): number => sigmoid(margin(m, x));

function mulberry32(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains on `xs` with labels `ys` (1 = positive). Class imbalance is evened out by example weights. */
export async function train(xs: SparseVec[], ys: number[], dims: number, o: TrainOptions = DEFAULT_TRAIN): Promise<LinearModel> {
  const w = new Float32Array(dims);
  const g2 = new Float32Array(dims);
  let bias = 0;
  let biasG2 = 0;
  const pos = ys.filter((y) => y === 1).length;
  const neg = ys.length - pos;
  const weightOf = (y: number) => (pos === 0 || neg === 0 ? 1 : y === 1 ? ys.length / (2 * pos) : ys.length / (2 * neg));
  const order = xs.map((_, i) => i);
  const rand = mulberry32(o.seed);
  const model = { weights: w, bias };
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let loss = 0;
    for (const n of order) {
      const x = xs[n] as SparseVec;
      const y = ys[n] as number;
      model.bias = bias;
      const p = sigmoid(margin(model, x));
      loss -= weightOf(y) * Math.log(Math.max(1e-12, y === 1 ? p : 1 - p));
      const err = (p - y) * weightOf(y);
      for (let k = 0; k < x.idx.length; k++) {
        const f = x.idx[k] as number;
        const g = err * (x.val[k] as number) + o.l2 * (w[f] as number);
        g2[f] = (g2[f] as number) + g * g;
        w[f] = (w[f] as number) - (o.learningRate * g) / (1e-8 + Math.sqrt(g2[f] as number));
      }
      biasG2 += err * err;
      bias -= (o.learningRate * err) / (1e-8 + Math.sqrt(biasG2));
    }
    await o.onEpoch?.(epoch + 1, loss / Math.max(1, xs.length));
  }
  return { weights: w, bias };
}
