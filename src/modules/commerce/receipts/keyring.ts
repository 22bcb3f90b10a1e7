/**
 * Receipt signing keys on disk: DATA_DIR/keys/<kid>.jwk.json (private JWK, mode 0600). The newest
 * key signs; every key in the folder verifies and is published in the JWKS, so receipts signed
 * before a rotation stay verifiable. Processes notice a rotation (by another process or the CLI)
 * through the folder's mtime. The per-app account-token secret lives beside the keys.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
import { loadOrCreateKeyFile } from '../../../platform/keyfile.js';

/** Node key objects: jose signs with them ~1.5× faster than with WebCrypto keys. */
type Key = crypto.KeyObject;

/** A public key as published in the JWKS. */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface StoredKey {
  kid: string;
  createdAt: string;
  jwk: JWK;
}

const KEY_SUFFIX = '.jwk.json';

export class Keyring {
  private keys: StoredKey[] = [];
  private readonly imported = new Map<string, Key>();
  private mtimeMs = -1;
  private checkedAt = 0;
  private secret: Buffer | undefined;

  constructor(
    readonly dir: string,
    private readonly refreshMs = 2000,
  ) {}

  /** Reloads when the folder changed (at most every refreshMs unless forced); creates the first key. */
  load(force = false): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < this.refreshMs && this.keys.length > 0) return;
    this.checkedAt = now;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const mtime = fs.statSync(this.dir).mtimeMs;
    if (!force && mtime === this.mtimeMs && this.keys.length > 0) return;
    this.mtimeMs = mtime;
    const keys = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith(KEY_SUFFIX))
      .map((f) => JSON.parse(fs.readFileSync(path.join(this.dir, f), 'utf8')) as StoredKey)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.kid < b.kid ? 1 : -1));
    if (keys.length === 0) {
      this.rotate();
      return;
    }
    this.keys = keys;
  }

  /** Generates a new signing key; it becomes current, older ones keep verifying. */
  rotate(): StoredKey {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const createdAt = new Date().toISOString();
    const kid = `${createdAt.slice(0, 10).replaceAll('-', '')}-${crypto.randomBytes(4).toString('hex')}`;
    const key: StoredKey = { kid, createdAt, jwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: 'ES256', use: 'sig' } };
    const tmp = path.join(this.dir, `.${kid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(key), { mode: 0o600 });
    fs.renameSync(tmp, path.join(this.dir, `${kid}${KEY_SUFFIX}`));
    this.load(true);
    return key;
  }

  current(): StoredKey {
    this.load();
    return this.keys[0] as StoredKey;
  }

  all(): readonly StoredKey[] {
    this.load();
    return this.keys;
  }

  find(kid: string): StoredKey | undefined {
    this.load();
    const known = this.keys.find((k) => k.kid === kid);
    if (known) return known;
    this.load(true); // maybe rotated by another process a moment ago
    return this.keys.find((k) => k.kid === kid);
  }

  /** The private key for signing (imported once per kid). */
  signingKey(k: StoredKey): Key {
    return this.importOnce(`priv:${k.kid}`, () => crypto.createPrivateKey({ key: k.jwk as crypto.JsonWebKey, format: 'jwk' }));
  }

  verifyingKey(k: StoredKey): Key {
    return this.importOnce(`pub:${k.kid}`, () => crypto.createPublicKey({ key: { ...publicJwk(k) }, format: 'jwk' }));
  }

  private importOnce(id: string, create: () => Key): Key {
    let key = this.imported.get(id);
    if (!key) {
      key = create();
      this.imported.set(id, key);
    }
    return key;
  }

  /** Secret for opaque per-app account tokens; created once, shared by every process. */
  accountTokenSecret(): Buffer {
    this.secret ??= Buffer.from(
      loadOrCreateKeyFile(path.join(this.dir, 'account-token.secret'), () => crypto.randomBytes(32).toString('hex')).trim(),
      'hex',
    );
    return this.secret;
  }
}

export function publicJwk(k: StoredKey): PublicJwk {
  const { kty, crv, x, y } = k.jwk as Required<Pick<JWK, 'kty' | 'crv' | 'x' | 'y'>>;
  return { kty, crv, x, y, kid: k.kid, alg: 'ES256', use: 'sig' };
}
