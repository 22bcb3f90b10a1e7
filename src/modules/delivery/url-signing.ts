/**
 * Short-lived download URLs: an HMAC-SHA256 over the build, the user, their storefront, the
 * purpose and the expiry. The blob endpoint needs no session (so a CDN can sit in front of it),
 * yet a URL only works for what it was issued for, and not after it expires.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { loadOrCreateKeyFile } from '../../platform/keyfile.js';

export type DownloadPurpose = 'install' | 'update';

export interface DownloadGrant {
  buildId: string;
  userId: string;
  country: string;
  purpose: DownloadPurpose;
  /** Unix seconds. */
  expires: number;
}

export interface SignedQuery {
  u: string;
  c: string;
  p: 'i' | 'u';
  e: number;
  s: string;
}

export class DownloadUrlSigner {
  private readonly key: Buffer;

  constructor(opts: { secret?: string; dataDir: string }) {
    const secret =
      opts.secret ??
      loadOrCreateKeyFile(path.join(opts.dataDir, 'keys', 'download-url.key'), () => crypto.randomBytes(32).toString('base64url'));
    this.key = Buffer.from(secret.trim());
  }

  private mac(g: DownloadGrant): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`orchard-download-v1\n${g.buildId}\n${g.userId}\n${g.country}\n${g.purpose}\n${g.expires}`)
      .digest('base64url');
  }

  /** Path and query of a signed URL for `g` (the caller prefixes the public origin). */
  sign(g: DownloadGrant): string {
    const q = new URLSearchParams({
      u: g.userId,
      c: g.country,
      p: g.purpose === 'update' ? 'u' : 'i',
      e: String(g.expires),
      s: this.mac(g),
    });
    return `/downloads/${encodeURIComponent(g.buildId)}?${q}`;
  }

  /** The grant a URL carries, or why it is refused. */
  verify(
    buildId: string,
    q: SignedQuery,
    nowSeconds: number,
  ): { ok: true; grant: DownloadGrant } | { ok: false; reason: 'invalid' | 'expired' } {
    const grant: DownloadGrant = { buildId, userId: q.u, country: q.c, purpose: q.p === 'u' ? 'update' : 'install', expires: q.e };
    const given = Buffer.from(q.s, 'base64url');
    const want = Buffer.from(this.mac(grant), 'base64url');
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return { ok: false, reason: 'invalid' };
    if (q.e < nowSeconds) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }
}
