/** A trained model's weights as bytes for the database (little-endian float32), and back. */
import { dims, type FeatureSpec } from './features.js';
import type { LinearModel } from './logreg.js';

export function weightsToBytes(m: LinearModel): Buffer {
  const b = Buffer.alloc(m.weights.length * 4);
  for (let i = 0; i < m.weights.length; i++) b.writeFloatLE(m.weights[i] as number, i * 4);
  return b;
}

export function modelFromBytes(spec: FeatureSpec, bytes: Buffer, bias: number): LinearModel {
  const n = dims(spec);
  if (bytes.length !== n * 4) throw new Error(`model weights have ${bytes.length} bytes, expected ${n * 4}`);
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) weights[i] = bytes.readFloatLE(i * 4);
  return { weights, bias };
}
