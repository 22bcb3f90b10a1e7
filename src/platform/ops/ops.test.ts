/**
 * Whole-store operations for real: a backup taken while the store runs, restored into a fresh
 * DATA_DIR (or over a changed PostgreSQL schema), and a SQLite store moved into PostgreSQL —
 * each checked by row counts, the commerce audit, a receipt that still verifies and a login
 * that still works.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { type Config, loadConfig } from '../../config.js';
import { createContext } from '../../context.js';
import { buy, seller, shopper } from '../../modules/commerce/test-helpers.js';
import { testEnv } from '../../testing/env.js';
import { createTestStore, dialects, type TestStore } from '../../testing/harness.js';
import { backupStore, restoreStore } from './backup.js';
import { migrateDataToPostgres } from './migrate-data.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-ops-'));
const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** A store with a developer, a paid app, a shopper who bought it, and the receipt. */
async function storeWithPurchase(store: TestStore) {
  const { apps } = await seller(store, [{ priceMinor: 299 }]);
  const s = await shopper(store);
  const res = await buy(store, s.headers, { bundleId: apps[0]?.bundleId });
  expect(res.statusCode).toBe(201);
  return { shopper: s, receipt: res.json().receipt as string };
}

async function userCount(ctx: { db: TestStore['ctx']['db'] }) {
  const r = await ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function newPgSchema(): Promise<string> {
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: testEnv.postgresUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  cleanup.push(async () => {
    const c = new pg.Client({ connectionString: testEnv.postgresUrl });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });
  return schema;
}

/** Opens a store on `config` and checks what a restored or migrated store must still do. */
async function checkStore(config: Config, expected: { users: number; shopperEmail: string; receipt: string }) {
  const ctx = await createContext(config);
  const app = await buildApp(ctx, { web: false, rateLimit: false });
  try {
    expect(await userCount(ctx)).toBe(expected.users);
    const audit = await ctx.services.commerce.audit();
    expect(audit).toMatchObject({ purchases: 1, duplicateCharges: 0, unbalancedTransactions: 0, orphanCharges: 0 });
    const verify = await app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt: expected.receipt } });
    expect(verify.json()).toMatchObject({ valid: true, status: 'active' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: expected.shopperEmail, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
  } finally {
    await app.close();
    await ctx.close();
  }
}

describe('backup and restore [sqlite]', () => {
  it('restores a live backup into an empty DATA_DIR, later changes excluded', async () => {
    const store = await createTestStore('sqlite');
    const { shopper: s, receipt } = await storeWithPurchase(store);
    const users = await userCount(store.ctx);
    const dir = path.join(tmp(), 'backup');
    const manifest = await backupStore(store.config, dir);
    expect(manifest.sqliteFiles).toContain('orchard.db');
    await shopper(store); // after the backup: must not come back
    await store.close();
    const dataDir = tmp();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
    await restoreStore(config, dir);
    await checkStore(config, { users, shopperEmail: s.email, receipt });
    await expect(backupStore(config, dir)).rejects.toThrow(/not empty/);
    await expect(restoreStore(config, tmp())).rejects.toThrow(/manifest/);
  }, 60_000);
});

describe.skipIf(!dialects.includes('postgres'))('backup and restore, and migrate-data [postgres]', () => {
  it('restores a pg_dump backup over a changed schema', async () => {
    const store = await createTestStore('postgres');
    const { shopper: s, receipt } = await storeWithPurchase(store);
    const users = await userCount(store.ctx);
    const dir = path.join(tmp(), 'backup');
    expect((await backupStore(store.config, dir)).pgDump).toBeTruthy();
    await shopper(store);
    expect(await userCount(store.ctx)).toBe(users + 1);
    await store.ctx.database.close(); // restore needs the store stopped
    await restoreStore(store.config, dir);
    await checkStore(store.config, { users, shopperEmail: s.email, receipt });
    cleanup.push(() => store.close().catch(() => {}));
  }, 90_000);

  it('moves a SQLite store into an empty PostgreSQL schema with equal row counts and a clean audit', async () => {
    const store = await createTestStore('sqlite');
    const { shopper: s, receipt } = await storeWithPurchase(store);
    const users = await userCount(store.ctx);
    const schema = await newPgSchema();
    const base = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: store.config.dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      DATABASE_URL: testEnv.postgresUrl,
    });
    const target = { ...base, database: { ...base.database, schema } } as Config;
    const tables = await migrateDataToPostgres(store.config, target);
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((t) => t.source !== t.target)).toEqual([]);
    expect(tables.find((t) => t.table === 'users')?.target).toBe(users);
    await checkStore(target, { users, shopperEmail: s.email, receipt });
    // a second run refuses a non-empty target instead of duplicating rows
    await expect(migrateDataToPostgres(store.config, target)).rejects.toThrow(/already has/);
    await store.close();
  }, 90_000);
});
