/**
 * The client's local state: server, session token, device profile, pinned signing keys and the
 * installed apps. One small JSON file (mode 0600: it holds the token), replaced atomically so a
 * crash never leaves half a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClientError } from './errors.mjs';

export const defaultStatePath = () => process.env.ORCHARD_CLIENT_STATE || path.join(os.homedir(), '.orchard-client', 'state.json');

const empty = () => ({ version: 1, server: null, token: null, user: null, device: null, keys: [], installed: {}, pending: {} });

export function loadState(file) {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { ...empty(), ...s, installed: s.installed ?? {}, pending: s.pending ?? {} };
  } catch (err) {
    if (err.code === 'ENOENT') return empty();
    throw new ClientError(`Cannot read the state file ${file}: ${err.message}`, { hint: 'Fix or delete it, then sign in again.' });
  }
}

export function saveState(file, state) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Where packages go: next to the state file unless set. */
export const appsDir = (file, state) => state.appsDir ?? path.join(path.dirname(file), 'apps');

export function requireLogin(state) {
  if (!state.server || !state.token)
    throw new ClientError('You are not signed in.', { hint: 'Run: orchard-client login --server <url> --email <you@example.com>' });
}
