import { expect, it } from 'vitest';
import { describeStore } from '../../../testing/harness.js';
import { admin, buy, seller, shopper } from '../test-helpers.js';

describeStore('refunds', (store) => {
  const request = (headers: Record<string, string>, purchaseId: string) =>
    store().app.inject({
      method: 'POST',
      url: `/api/v1/me/purchases/${purchaseId}/refund`,
      headers,
      payload: { reason: 'Bought by mistake' },
    });

  it('auto-approves a small recent purchase: entitlement revoked, receipt refunded, ledger reversed, developer event', async () => {
    const s = store();
    const { apps } = await seller(s, [{ priceMinor: 299 }]);
    const u = await shopper(s);
    const bought = (await buy(s, u.headers, { bundleId: apps[0]?.bundleId })).json();
    const r = await request(u.headers, bought.purchase.id);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().refund).toMatchObject({ status: 'completed', autoApproved: true, amountMinor: 299 });
    const { ctx } = s;
    expect(await ctx.services.entitlements.isEntitled(ctx.db, u.user.id, apps[0]?.id as string)).toBe(false);
    const v = await s.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt: bought.receipt } });
    expect(v.json()).toMatchObject({ valid: true, status: 'refunded' });
    const sums = await ctx.db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
      .select(['e.account', (eb) => eb.fn.sum<number>('e.amount_minor').as('total')])
      .where('t.reference_id', 'in', [bought.purchase.id, r.json().refund.id])
      .groupBy('e.account')
      .execute();
    expect(sums.every((x) => Number(x.total) === 0)).toBe(true);
    const ev = await ctx.db.selectFrom('outbox').select('payload').where('type', '=', 'purchase.refunded').execute();
    expect(ev.map((e) => JSON.parse(e.payload).purchaseId)).toContain(bought.purchase.id);
    const hist = await s.app.inject({ method: 'GET', url: '/api/v1/me/purchases', headers: u.headers });
    expect(hist.json().purchases[0]).toMatchObject({ status: 'refunded', refund: { status: 'completed' } });
    // refunded: it can be bought again, and a second refund request is refused
    expect((await request(u.headers, bought.purchase.id)).statusCode).toBe(422);
    expect((await buy(s, u.headers, { bundleId: apps[0]?.bundleId })).statusCode).toBe(201);
  });

  it('leaves larger amounts to an admin, who approves or rejects; others cannot', async () => {
    const s = store();
    const { apps } = await seller(s, [{ priceMinor: 4999 }, { priceMinor: 2999 }]);
    const u = await shopper(s);
    const adminHeaders = await admin(s);
    const p1 = (await buy(s, u.headers, { bundleId: apps[0]?.bundleId })).json().purchase;
    const p2 = (await buy(s, u.headers, { bundleId: apps[1]?.bundleId })).json().purchase;
    const r1 = (await request(u.headers, p1.id)).json().refund;
    expect(r1.status).toBe('requested');
    expect((await request(u.headers, p1.id)).json().code).toBe('refund_exists');
    const other = await shopper(s);
    expect((await request(other.headers, p2.id)).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/admin/refunds', headers: u.headers })).statusCode).toBe(403);
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/admin/refunds?status=requested', headers: adminHeaders });
    expect(list.json().refunds.map((r: { id: string }) => r.id)).toContain(r1.id);
    const approved = await s.app.inject({
      method: 'POST',
      url: `/api/v1/admin/refunds/${r1.id}/approve`,
      headers: adminHeaders,
      payload: {},
    });
    expect(approved.json().refund.status).toBe('completed');
    expect(
      (await s.app.inject({ method: 'POST', url: `/api/v1/admin/refunds/${r1.id}/reject`, headers: adminHeaders, payload: {} })).statusCode,
    ).toBe(409);
    const r2 = (await request(u.headers, p2.id)).json().refund;
    const rejected = await s.app.inject({
      method: 'POST',
      url: `/api/v1/admin/refunds/${r2.id}/reject`,
      headers: adminHeaders,
      payload: { note: 'Used for months' },
    });
    expect(rejected.json().refund).toMatchObject({ status: 'rejected', note: 'Used for months' });
    expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, apps[1]?.id as string)).toBe(true);

    // the shopper's history shows the refused request with the store's note...
    const history = async () =>
      (await s.app.inject({ method: 'GET', url: '/api/v1/me/purchases', headers: u.headers })).json().purchases as Array<{
        id: string;
        refund: { id: string; status: string; note: string | null; decidedAt: string | null } | null;
      }>;
    const refused = (await history()).find((p) => p.id === p2.id);
    expect(refused?.refund).toMatchObject({ id: r2.id, status: 'rejected', note: 'Used for months' });
    expect(refused?.refund?.decidedAt).toEqual(expect.any(String));
    expect((await history()).find((p) => p.id === p1.id)?.refund).toMatchObject({ id: r1.id, status: 'completed' });
    // ...and may ask again; the history then shows the new request
    const again = (await request(u.headers, p2.id)).json().refund;
    expect(again.status).toBe('requested');
    expect((await history()).find((p) => p.id === p2.id)?.refund).toMatchObject({ id: again.id, status: 'requested', note: null });
  });
});
