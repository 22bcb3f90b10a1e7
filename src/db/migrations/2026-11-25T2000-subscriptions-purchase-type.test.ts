/**
 * The SQLite rebuild of `purchases` on a store that already has purchases, refunds pointing at
 * them and an index some other migration added: rows, foreign keys and indexes survive.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { seller, shopper } from '../../modules/commerce/test-helpers.js';
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
  const s = await createTestStore('sqlite');
  try {
    // users and apps through the API; the purchase and its refund as rows of the old schema
    // (today's purchase code writes columns that later migrations add)
    const { apps } = await seller(s, [{ priceMinor: 499 }]);
    const u = await shopper(s);
    const app = apps[0] as { id: string; bundleId: string };
    const p = { id: 'p-0001' };
    const now = '2026-11-01T00:00:00.000Z';
    await sql`insert into purchases (id, transaction_id, original_transaction_id, user_id, app_id, bundle_id, developer_id, product_key,
      type, country, currency, amount_minor, commission_bps, status, provider_key, charge_id, decline_code, receipt, created_at,
      updated_at, completed_at, refunded_at)
      values (${p.id}, 't-1', 't-1', ${u.user.id}, ${app.id}, ${app.bundleId}, 'dev', '', 'paid_app', 'US', 'USD', 499, 3000,
        'refunded', 'pur_p-0001', 'ch_1', null, 'jws', ${now}, ${now}, ${now}, ${now})`.execute(s.ctx.db);
    await sql`insert into refunds (id, purchase_id, user_id, developer_id, amount_minor, currency, reason, status, auto_approved,
      decided_by, note, provider_refund_id, created_at, decided_at, completed_at)
      values ('r-1', ${p.id}, ${u.user.id}, 'dev', 499, 'USD', 'test', 'completed', 1, 'auto', null, 'rf_1', ${now}, ${now}, ${now})`.execute(
      s.ctx.db,
    );
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
