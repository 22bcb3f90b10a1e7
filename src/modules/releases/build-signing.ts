/**
 * Signed build metadata: an ES256 compact JWS over a build's identity and sha256, made once per
 * build and stored with it. A device client checks it against the store's public key (served at
 * /api/v1/builds/signing-keys), so a tampered mirror or proxy cannot swap a package together with
 * its checksum.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { CompactSign, type JWK } from 'jose';
import { loadOrCreateKeyFile } from '../../platform/keyfile.js';

export interface BuildClaims {
  buildId: string;
  bundleId: string;
  version: string;
  buildNumber: number;
  sha256: string;
  sizeBytes: number;
}

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export class BuildSigner {
  private readonly key: crypto.KeyObject;
  readonly kid: string;
  readonly publicJwk: JWK;

  constructor(dataDir: string) {
    const text = loadOrCreateKeyFile(path.join(dataDir, 'keys', 'build-signing.json'), () => {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
      const kid = `build-${crypto.createHash('sha256').update(JSON.stringify(publicJwk)).digest('base64url').slice(0, 16)}`;
      return JSON.stringify({ kid, privateJwk: privateKey.export({ format: 'jwk' }), publicJwk } satisfies KeyFile);
    });
    const k = JSON.parse(text) as KeyFile;
    this.kid = k.kid;
    this.publicJwk = { ...k.publicJwk, kid: k.kid, alg: 'ES256', use: 'sig' };
    this.key = crypto.createPrivateKey({ key: k.privateJwk as crypto.JsonWebKey, format: 'jwk' });
  }

  async sign(claims: BuildClaims, issuedAt: Date): Promise<string> {
    const payload = { typ: 'orchard-build', ...claims, iat: Math.floor(issuedAt.getTime() / 1000) };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .sign(this.key);
  }
}
