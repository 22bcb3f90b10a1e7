/**
 * Real Orchard processes for cluster tests and benchmarks: the server bundled once with esbuild
 * (as `npm start` runs it), started per role against one PostgreSQL database, RabbitMQ and Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import * as esbuild from 'esbuild';
import pg from 'pg';
import { freePort } from './redis-server.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Bundles src/main.ts into dist/test/ and returns its path (remove it with fs.rmSync when done). */
export async function bundleMain(): Promise<string> {
  const out = path.join(root, 'dist', 'test', `main-${process.pid}-${crypto.randomBytes(3).toString('hex')}.js`);
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return out;
}

/** A fresh PostgreSQL database on the server of `baseUrl`; returns its URL and a drop function. */
export async function freshPgDatabase(baseUrl: string, prefix = 'orchard_cluster'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface OrchardProcess {
  role: string;
  child: ChildProcess;
  url?: string;
  log(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `serve --role <role>`; resolves when an API answers ready, or a worker logs that it is. */
export async function startRole(
  bundle: string,
  role: 'all' | 'api' | 'worker' | 'scheduler',
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<OrchardProcess> {
  const port = role === 'all' || role === 'api' ? await freePort() : 0;
  const child = spawn(process.execPath, [bundle, 'serve', '--role', role], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', SEED_DEMO: 'false', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log = (log + d).slice(-200_000);
  });
  child.stderr?.on('data', (d) => {
    log = (log + d).slice(-200_000);
  });
  const url = port ? `http://127.0.0.1:${port}` : undefined;
  const p: OrchardProcess = {
    role,
    child,
    url,
    log: () => log,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = url
      ? await fetch(`${url}/health/ready`).then(
          (r) => r.status === 200,
          () => false,
        )
      : log.includes('orchard ready');
    if (ready) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${role} did not become ready:\n${log.slice(-4000)}`);
}

/** JSON over HTTP for cluster clients. */
/**
 * A new account over HTTP (`developer` also registers it as a developer with that name); returns
 * its bearer header.
 */
export async function accountOver(url: string, email: string, developer?: string): Promise<{ authorization: string }> {
  const r = await call(url, 'POST', '/api/v1/auth/signup', { email, password: 'correct horse battery', displayName: email.split('@')[0] });
  if (r.status !== 201) throw new Error(`signup ${r.status}: ${r.text}`);
  const auth = { authorization: `Bearer ${r.json.token}` };
  if (developer !== undefined) {
    const d = await call(url, 'POST', '/api/v1/developers', { name: developer }, auth);
    if (d.status !== 201) throw new Error(`developer ${d.status}: ${d.text}`);
  }
  return auth;
}

export async function call(url: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url + p, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: callers read whatever JSON the endpoint answered
  return { status: res.status, json: json as Record<string, any>, text, headers: res.headers };
}
