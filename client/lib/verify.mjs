/**
 * Checks a build's signed metadata: an ES256 compact JWS made by the store, verified against the
 * public key pinned at sign-in, whose claims must name exactly the bytes we downloaded.
 */
import crypto from 'node:crypto';
import { ClientError } from './errors.mjs';

export function verifySignedMetadata(jws, keys, expect) {
  const parts = String(jws ?? '').split('.');
  if (parts.length !== 3) throw new ClientError('The build has no valid signed metadata; refusing to install it.');
  const [h, p, s] = parts;
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new ClientError('The build’s signed metadata is malformed; refusing to install it.');
  }
  if (header.alg !== 'ES256') throw new ClientError(`Unexpected signature algorithm ${header.alg}; refusing to install.`);
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk)
    throw new ClientError(`The build is signed with an unknown key (${header.kid}).`, {
      hint: 'If the store rotated its keys, sign in again to refresh them.',
    });
  const ok = crypto.verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key: crypto.createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new ClientError('The build’s signature does not verify; refusing to install it.');
  for (const [k, v] of Object.entries(expect)) {
    if (claims[k] !== v)
      throw new ClientError(`Signed metadata says ${k}=${claims[k]}, but the download has ${v}; refusing to install it.`);
  }
  return claims;
}
