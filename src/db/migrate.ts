import { type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to date. Kysely's Migrator takes a lock (an advisory lock on
 * PostgreSQL, a lock row on SQLite), so several processes starting at once are safe.
 */
export async function migrateToLatest(database: Database, schema?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
