import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-sortable ids (UUIDv7) for every row that others refer to. */
export const newId = (): string => uuidv7();

/** A random URL-safe secret (session tokens, API keys). */
export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

/** SHA-256 hex of a secret; secrets are stored only as hashes. */
export const sha256Hex = (s: string | Buffer): string => crypto.createHash('sha256').update(s).digest('hex');
