import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig } from './config.js';

describe('config', () => {
  it('has defaults for a fresh machine: SQLite under ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe('sqlite');
    expect(c.seed.demo).toBe(true);
    expect(c.backgroundThread).toBe(false); // SQLite: one writer thread
    expect(loadConfig({ BACKGROUND_THREAD: 'true' }).backgroundThread).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.auth.hash)).toBe(true);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_POOL_SIZE: '7' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db', poolSize: 7 });
    expect(c.backgroundThread).toBe(true); // consumers and jobs get their own thread
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', BACKGROUND_THREAD: 'false' }).backgroundThread).toBe(false);
  });

  it('names each bad variable and what was expected', () => {
    try {
      loadConfig({ PORT: 'eighty', SEED_DEMO: 'maybe', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/PORT="eighty"/);
      expect(msg).toMatch(/SEED_DEMO="maybe"/);
      expect(msg).toMatch(/DATABASE_URL="mysql:\/\/x".*postgres:\/\//);
      expect(msg).toMatch(/LOG_LEVEL="loud"/);
    }
  });

  it('documents every variable in the README', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    const missing = configVariables.filter((v) => !readme.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });
});
