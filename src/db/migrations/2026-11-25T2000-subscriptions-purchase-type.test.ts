/**
 * The SQLite rebuild of `purchases` on a store that already has purchases, refunds pointing at
 * them and an index some other migration added: rows, foreign keys and indexes survive.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buy, seller, shopper } from '../../modules/commerce/test-helpers.js';
import { createTestStore } from '../../testing/harness.js';
import { migrateToLatest } from '../migrate.js';
import { migrations } from './index.js';

it('widens purchases.type on SQLite with purchases, refunds and extra indexes in place', async () => {
  // a store from before subscriptions: hold back this migration and every later one
  const names = Object.keys(migrations)
    .filter((n) => n >= '2026-11-25T2000')
    .sort();
  const held = names.map((n) => migrations[n]);
  for (const n of names) delete migrations[n];
  const s = await createTestStore('sqlite', { env: { REFUND_AUTO_APPROVE_MAX_USD_MINOR: '100000' } });
  try {
    const { apps } = await seller(s, [{ priceMinor: 499 }]);
    const u = await shopper(s);
    const p = (await buy(s, u.headers, { bundleId: apps[0]?.bundleId })).json().purchase;
    const r = await s.app.inject({
      method: 'POST',
      url: `/api/v1/me/purchases/${p.id}/refund`,
      headers: u.headers,
      payload: { reason: 'test' },
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    await sql`create index purchases_extra_idx on purchases (country)`.execute(s.ctx.db);

    names.forEach((n, i) => {
      migrations[n] = held[i] as (typeof migrations)[string];
    });
    const res = await migrateToLatest(s.ctx.database);
    expect(res.results?.map((x) => `${x.migrationName}:${x.status}`)).toEqual(names.map((n) => `${n}:Success`));
    expect(await s.ctx.db.selectFrom('purchases').select(['id', 'status']).execute()).toEqual([{ id: p.id, status: 'refunded' }]);
    expect(await s.ctx.db.selectFrom('refunds').select('purchase_id').execute()).toEqual([{ purchase_id: p.id }]);
    const idx = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'purchases'`.execute(
      s.ctx.db,
    );
    expect(idx.rows.map((x) => x.name)).toEqual(
      expect.arrayContaining(['purchases_extra_idx', 'purchases_user_idx', 'purchases_pending_idx', 'purchases_owned_unique']),
    );
    expect((await sql`pragma foreign_key_check`.execute(s.ctx.db)).rows).toEqual([]);
  } finally {
    for (const [i, n] of names.entries()) migrations[n] = held[i] as (typeof migrations)[string];
    await s.close();
  }
});
