/** PostgreSQL: repeated queries run as named prepared statements, ad-hoc long ones stay unnamed. */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testEnv } from '../testing/env.js';
import { createDatabase } from './database.js';
import { inTransaction } from './transaction.js';

describe.skipIf(!testEnv.postgresUrl)('named statements on PostgreSQL', () => {
  const database = createDatabase({ database: { kind: 'postgres', url: testEnv.postgresUrl as string, poolSize: 2 } });
  afterAll(() => database.close());

  it('prepares a repeated query once per connection and leaves long parameter lists unnamed', async () => {
    const prepared = await inTransaction(database.db, async (trx) => {
      for (let i = 0; i < 3; i++) expect((await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(trx)).rows[0]?.n).toBe(i + 1);
      const many = Array.from({ length: 60 }, (_, i) => i);
      const r = await sql<{ n: number }>`select count(*)::int as n from unnest(array[${sql.join(many)}]::int[])`.execute(trx);
      expect(r.rows[0]?.n).toBe(60);
      return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx)).rows.map((r) => r.statement);
    });
    expect(prepared.filter((s) => s.includes('+ 1 as n'))).toHaveLength(1);
    expect(prepared.some((s) => s.includes('unnest'))).toBe(false);
  });
});
