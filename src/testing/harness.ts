/**
 * Test harness: a fresh, isolated store per suite — its own temp DATA_DIR, its own SQLite file
 * or PostgreSQL schema — with the real app built for `app.inject()`. Suites are isolated by
 * data, never by truncating shared tables.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { type AppContext, createContext } from '../context.js';
import type { Http } from '../http/types.js';
import type { Clock } from '../platform/clock.js';
import { testEnv } from './env.js';

export type DialectName = 'sqlite' | 'postgres';
export const dialects: DialectName[] = testEnv.postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  ctx: AppContext;
  app: Http;
  config: Config;
  dialect: DialectName;
  close(): Promise<void>;
}

export async function createTestStore(
  dialect: DialectName = 'sqlite',
  opts: { env?: Record<string, string>; clock?: Clock; web?: boolean } = {},
): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    EVENT_POLL_MS: '20',
    ...opts.env,
  };
  let schema: string | undefined;
  if (dialect === 'postgres') {
    if (!testEnv.postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
    schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: testEnv.postgresUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    env.DATABASE_URL = testEnv.postgresUrl;
    env.DATABASE_POOL_SIZE = '5';
  }
  const base = loadConfig(env);
  const config: Config = schema && base.database.kind === 'postgres' ? { ...base, database: { ...base.database, schema } } : base;
  const ctx = await createContext(config, { clock: opts.clock, pgSchema: schema });
  const app = await buildApp(ctx, { web: opts.web ?? false, rateLimit: false });
  await app.ready();
  return {
    ctx,
    app,
    config,
    dialect,
    async close() {
      await app.close();
      await ctx.close();
      if (schema) {
        const client = new pg.Client({ connectionString: testEnv.postgresUrl });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a suite once per available dialect (SQLite always, PostgreSQL with TEST_DATABASE_URL),
 * each with its own fresh store: `describeStore('catalog', (s) => { it(..., () => s().app...) })`.
 */
export function describeStore(
  name: string,
  fn: (store: () => TestStore, dialect: DialectName) => void,
  opts: { env?: Record<string, string>; clock?: Clock } = {},
) {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      let store: TestStore | undefined;
      beforeAll(async () => {
        store = await createTestStore(dialect, opts);
      }, 60_000);
      afterAll(async () => {
        await store?.close();
      });
      fn(() => {
        if (!store) throw new Error('store not ready');
        return store;
      }, dialect);
    });
  }
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}-${process.pid}-${Date.now()}-${counter++}@example.test`;

/** Signs up a fresh customer through the API; returns its token and an auth header. */
export async function signUp(app: Http, opts: { email?: string; displayName?: string; country?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      email,
      password: 'correct horse battery',
      displayName: opts.displayName ?? 'Test User',
      ...(opts.country ? { country: opts.country } : {}),
    },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { token: string; user: { id: string; email: string } };
  return { ...body, email, headers: { authorization: `Bearer ${body.token}` } };
}

/** A signed-up user who is also a developer. */
export async function signUpDeveloper(app: Http, name = `Studio ${counter++}`) {
  const u = await signUp(app);
  const res = await app.inject({ method: 'POST', url: '/api/v1/developers', headers: u.headers, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`developer failed: ${res.statusCode} ${res.body}`);
  return { ...u, developer: res.json().developer as { id: string; slug: string; name: string } };
}

/** Creates and publishes an app for a developer through the API. */
export async function createLiveApp(
  app: Http,
  dev: { headers: Record<string, string> },
  input: Partial<{ bundleId: string; name: string; category: string; description: string; priceMinor: number; keywords: string[] }> = {},
) {
  const bundleId = input.bundleId ?? `com.test.app${Date.now().toString(36)}${counter++}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/apps',
    headers: dev.headers,
    payload: { bundleId, name: input.name ?? `App ${counter}`, category: input.category ?? 'Productivity', ...input },
  });
  if (res.statusCode !== 201) throw new Error(`create app failed: ${res.statusCode} ${res.body}`);
  const pub = await app.inject({ method: 'POST', url: `/api/v1/apps/${bundleId}/publish`, headers: dev.headers });
  if (pub.statusCode !== 200) throw new Error(`publish failed: ${pub.statusCode} ${pub.body}`);
  return pub.json() as { id: string; bundleId: string; name: string };
}
