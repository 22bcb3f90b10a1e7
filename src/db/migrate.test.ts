import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { testEnv } from '../testing/env.js';
import { createDatabase } from './database.js';
import { migrations } from './migrations/index.js';

const root = path.resolve(import.meta.dirname, '../..');

function runMigrate(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), 'migrate'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

it('lets several processes migrate one SQLite store at once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-migrate-'));
  const results = await Promise.all([1, 2, 3].map(() => runMigrate({ DATA_DIR: dir, DATABASE_URL: '' })));
  for (const r of results) expect(r.code, r.out).toBe(0);
  const db = createDatabase({ database: { kind: 'sqlite', file: path.join(dir, 'orchard.db') } });
  const applied = await db.db
    .selectFrom('kysely_migration' as never)
    .selectAll()
    .execute();
  expect(applied).toHaveLength(Object.keys(migrations).length);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

it.runIf(testEnv.postgresUrl)(
  'lets several processes migrate one PostgreSQL database at once',
  async () => {
    const name = `orchard_mig_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testEnv.postgresUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(testEnv.postgresUrl as string);
      url.pathname = `/${name}`;
      const results = await Promise.all([1, 2, 3].map(() => runMigrate({ DATABASE_URL: url.toString() })));
      for (const r of results) expect(r.code, r.out).toBe(0);
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const r = await c.query('select count(*)::int as n from kysely_migration');
      await c.end();
      expect(r.rows[0].n).toBe(Object.keys(migrations).length);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  },
  60_000,
);
