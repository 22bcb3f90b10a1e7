import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDatabase, type Database, type Tx } from './database.js';
import { groupCommitterFor } from './group-commit.js';
import { inTransaction } from './transaction.js';

let dir: string;
let database: Database;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-group-'));
  database = createDatabase({ database: { kind: 'sqlite', file: path.join(dir, 'g.db') } });
  await sql`create table items (id integer primary key, owner text not null unique, n integer not null)`.execute(database.db);
});
afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const insert = (trx: Tx, id: number, owner: string) => sql`insert into items (id, owner, n) values (${id}, ${owner}, 1)`.execute(trx);
const rows = async () => (await sql<{ id: number }>`select id from items order by id`.execute(database.db)).rows.map((r) => r.id);

it('commits concurrent transactions together, each atomic: a failing one rolls back alone', async () => {
  const committer = groupCommitterFor(database.db);
  const results = await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) =>
      inTransaction(
        database.db,
        async (trx) => {
          await insert(trx, i * 2, `a${i}`);
          // every fifth job writes a second row and then fails: neither of its rows may stay
          if (i % 5 === 0) {
            await insert(trx, i * 2 + 1, `b${i}`);
            throw new Error(`job ${i} fails`);
          }
          // a unique violation inside a job is that job's error, not the batch's
          if (i === 7) await insert(trx, 1000, 'a3');
          return i;
        },
        { group: true },
      ),
    ),
  );
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const expected = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0 && i !== 7);
  expect(ok.sort((a, b) => a - b)).toEqual(expected);
  expect(await rows()).toEqual(expected.map((i) => i * 2));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
  expect(failed).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 === 0 || i === 7));
  // 40 jobs submitted at once share a few commits (at most 32 per batch)
  expect(committer.stats.jobs).toBe(40);
  expect(committer.stats.batches).toBeGreaterThanOrEqual(2);
  expect(committer.stats.batches).toBeLessThan(10);
});

it('resolves a job only after its batch has committed', async () => {
  const seen: number[][] = [];
  await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      inTransaction(database.db, (trx) => insert(trx, i, `o${i}`), { group: true }).then(async () => {
        // another connection sees the row as soon as the job resolves
        const other = createDatabase({ database: { kind: 'sqlite', file: path.join(dir, 'g.db') } });
        seen.push((await sql<{ id: number }>`select id from items where id = ${i}`.execute(other.db)).rows.map((r) => r.id));
        await other.close();
      }),
    ),
  );
  expect(seen.flat().sort()).toEqual([0, 1, 2, 3, 4]);
});

it('joins an open transaction instead of queueing behind it', async () => {
  await inTransaction(database.db, async (trx) => {
    await insert(trx, 1, 'outer');
    await inTransaction(trx, (inner) => insert(inner, 2, 'inner'), { group: true });
  });
  expect(await rows()).toEqual([1, 2]);
});
