/** A trained model's weights as bytes for the database (float32 in host order: little-endian), and back. */
import { dims, type FeatureSpec } from './features.js';
import type { LinearModel } from './logreg.js';

export const weightsToBytes = (m: LinearModel): Buffer => Buffer.from(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength);

export function modelFromBytes(spec: FeatureSpec, bytes: Buffer, bias: number): LinearModel {
  const n = dims(spec);
  if (bytes.length !== n * 4) throw new Error(`model weights have ${bytes.length} bytes, expected ${n * 4}`);
  const copy = new Uint8Array(n * 4);
  copy.set(bytes); // a fresh buffer, so the float view is aligned
  return { weights: new Float32Array(copy.buffer), bias };
}
