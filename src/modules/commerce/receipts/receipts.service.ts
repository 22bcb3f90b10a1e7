/**
 * Receipts: a compact JWS (ES256, header `kid`) per purchase, verifiable offline with the JWKS at
 * /.well-known/jwks.json (docs/receipts.md). The payload names the buyer only through an opaque
 * per-app account token, so two apps cannot correlate a user.
 */
import crypto from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { ReceiptPayload } from '../commerce.types.js';

export type { ReceiptPayload };

import { type Keyring, type PublicJwk, publicJwk } from './keyring.js';

export type VerifyResult = { valid: true; payload: ReceiptPayload; kid: string } | { valid: false; reason: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ReceiptService {
  constructor(
    private readonly keyring: Keyring,
    readonly environment: 'sandbox' | 'production',
  ) {}

  async sign(payload: ReceiptPayload): Promise<string> {
    const key = this.keyring.current();
    return new CompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'orchard-receipt+jws' })
      .sign(this.keyring.signingKey(key));
  }

  /** Signs any JSON payload with the receipt keys (server notifications use `typ` orchard-notification+jws). */
  async signJson(payload: object, typ: string): Promise<string> {
    const key = this.keyring.current();
    return new CompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
      .sign(this.keyring.signingKey(key));
  }

  /** Checks signature (any published key), environment and, when given, the bundle id. */
  async verify(jws: string, expect: { bundleId?: string } = {}): Promise<VerifyResult> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(jws);
      kid = header.kid;
      if (header.alg !== 'ES256' || !kid) return { valid: false, reason: 'unsupported_header' };
    } catch {
      return { valid: false, reason: 'malformed' };
    }
    const key = this.keyring.find(kid);
    if (!key) return { valid: false, reason: 'unknown_key' };
    let payload: ReceiptPayload;
    try {
      const r = await compactVerify(jws, this.keyring.verifyingKey(key), { algorithms: ['ES256'] });
      payload = JSON.parse(decoder.decode(r.payload)) as ReceiptPayload;
    } catch {
      return { valid: false, reason: 'bad_signature' };
    }
    if (payload.environment !== this.environment) return { valid: false, reason: 'wrong_environment' };
    if (expect.bundleId && payload.bundleId !== expect.bundleId) return { valid: false, reason: 'wrong_bundle' };
    return { valid: true, payload, kid };
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keyring.all().map(publicJwk) };
  }

  /** A stable, opaque UUID-shaped token per (user, app): apps see it instead of the user id. */
  accountToken(userId: string, appId: string): string {
    const h = crypto.createHmac('sha256', this.keyring.accountTokenSecret()).update(`${userId}:${appId}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  rotate(): string {
    return this.keyring.rotate().kid;
  }
}
