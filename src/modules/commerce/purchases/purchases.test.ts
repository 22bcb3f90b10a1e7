import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeStore } from '../../../testing/harness.js';
import { buy, chargesFor, newKey, seller, shopper } from '../test-helpers.js';

describeStore(
  'purchases',
  (store) => {
    it('buys a paid app: 201 with a verifiable ES256 receipt, one charge, an entitlement and a balanced 30/70 posting', async () => {
      const s = store();
      const { apps } = await seller(s, [{ priceMinor: 499 }]);
      const u = await shopper(s);
      const res = await buy(s, u.headers, { bundleId: apps[0]?.bundleId });
      expect(res.statusCode, res.body).toBe(201);
      const { purchase, receipt } = res.json();
      expect(purchase).toMatchObject({ bundleId: apps[0]?.bundleId, productId: null, amountMinor: 499, currency: 'USD', type: 'paid_app' });

      // verify offline with the published JWKS, as an app's server would
      const jwks = (await s.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const [h, p, sig] = receipt.split('.');
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid);
      const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
      expect(crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))).toBe(
        true,
      );
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      expect(header.alg).toBe('ES256');
      expect(payload).toMatchObject({
        transactionId: purchase.transactionId,
        originalTransactionId: purchase.transactionId,
        bundleId: apps[0]?.bundleId,
        productId: null,
        type: 'paid_app',
        amount: 499,
        currency: 'USD',
        storefront: 'US',
        environment: 'sandbox',
      });
      expect(payload.appAccountToken).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(payload)).not.toContain(u.user.id);

      expect(await chargesFor(s, purchase.id)).toHaveLength(1);
      const { ctx } = s;
      expect(await ctx.services.entitlements.isEntitled(ctx.db, u.user.id, apps[0]?.id as string)).toBe(true);
      const entries = await ctx.db
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
        .select(['e.account', 'e.amount_minor'])
        .where('t.reference_id', '=', purchase.id)
        .execute();
      expect(Object.fromEntries(entries.map((e) => [e.account, Number(e.amount_minor)]))).toEqual({
        customer_payments: 499,
        store_commission: -150,
        developer_payable: -349,
      });
      const events = await ctx.db.selectFrom('outbox').select(['type', 'payload']).where('type', '=', 'purchase.completed').execute();
      expect(events.map((e) => JSON.parse(e.payload).purchaseId)).toContain(purchase.id);

      const verify = await s.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt } });
      expect(verify.json()).toMatchObject({ valid: true, status: 'active', transaction: { transactionId: purchase.transactionId } });
      const wrongBundle = await s.app.inject({
        method: 'POST',
        url: '/api/v1/receipts/verify',
        payload: { receipt, bundleId: 'com.other.app' },
      });
      expect(wrongBundle.json()).toMatchObject({ valid: false, reason: 'wrong_bundle' });
    });

    it('replays the stored response byte for byte, and refuses a changed body with 422 without storing it', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const key = newKey();
      const first = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, key);
      const again = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, key);
      expect(again.statusCode).toBe(201);
      expect(again.body).toBe(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const changed = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, country: 'GB' }, key);
      expect(changed.statusCode).toBe(422);
      expect(changed.json().code).toBe('idempotency_key_mismatch');
      expect((await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, key)).body).toBe(first.body);
      // keys are per user: another shopper's identical key is a different purchase
      const other = await shopper(s);
      const theirs = await buy(s, other.headers, { bundleId: apps[0]?.bundleId }, key);
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json().purchase.id).not.toBe(first.json().purchase.id);
    });

    it('stores and replays a decline (402) byte for byte; nothing is granted', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const key = newKey();
      const d1 = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, paymentToken: 'tok_decline' }, key);
      const d2 = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, paymentToken: 'tok_decline' }, key);
      expect(d1.statusCode).toBe(402);
      expect(d1.json()).toMatchObject({ code: 'payment_declined', declineCode: 'card_declined' });
      expect(d1.headers['content-type']).toMatch(/problem\+json/);
      expect(d2.body).toBe(d1.body);
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, apps[0]?.id as string)).toBe(false);
      // the shopper may then pay with another card under a new key
      expect((await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, newKey())).statusCode).toBe(201);
    });

    it('answers 400 for a missing or short Idempotency-Key and stores nothing', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const missing = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, null);
      expect(missing.statusCode).toBe(400);
      const short = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, 'short');
      expect(short.statusCode).toBe(400);
      const bad = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, paymentToken: '' });
      expect(bad.statusCode).toBe(400);
      const keys = await s.ctx.db.selectFrom('purchase_keys').select('id').where('user_id', '=', u.user.id).execute();
      expect(keys).toHaveLength(0);
      const anon = await s.app.inject({
        method: 'POST',
        url: '/api/v1/purchases',
        headers: { 'idempotency-key': newKey() },
        payload: { bundleId: apps[0]?.bundleId, paymentToken: 'tok_ok' },
      });
      expect(anon.statusCode).toBe(401);
    });

    it('answers 404 for unknown apps and products and 422 where an item is not sold; these answers are stored', async () => {
      const s = store();
      const { dev, apps } = await seller(s);
      const u = await shopper(s);
      const key = newKey();
      const unknown = await buy(s, u.headers, { bundleId: 'com.nobody.nothing' }, key);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('app_not_found');
      expect((await buy(s, u.headers, { bundleId: 'com.nobody.nothing' }, key)).body).toBe(unknown.body);
      const noProduct = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, productId: 'no.such.product' });
      expect(noProduct.statusCode).toBe(404);
      expect(noProduct.json().code).toBe('product_not_found');
      await s.app.inject({
        method: 'PATCH',
        url: `/api/v1/apps/${apps[0]?.bundleId}`,
        headers: dev.headers,
        payload: { availability: ['US'] },
      });
      const notSold = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, country: 'FR' });
      expect(notSold.statusCode).toBe(422);
      expect(notSold.json().code).toBe('not_sold_in_country');
    });

    it('sells at the server price when the shown price is stale, and says so', async () => {
      const s = store();
      const { apps } = await seller(s, [{ priceMinor: 299 }]);
      const u = await shopper(s);
      const res = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, expectedPriceMinor: 199 });
      expect(res.statusCode).toBe(201);
      expect(res.json().purchase).toMatchObject({ amountMinor: 299, priceChanged: true });
    });

    it('gets free apps at 0: entitlement from source free, no charge, no ledger posting', async () => {
      const s = store();
      const { apps } = await seller(s, [{ priceMinor: 0 }]);
      const u = await shopper(s);
      const res = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, paymentToken: 'tok_decline' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().purchase).toMatchObject({ amountMinor: 0, type: 'free_app' });
      const posted = await s.ctx.db
        .selectFrom('ledger_transactions')
        .select('id')
        .where('reference_id', '=', res.json().purchase.id)
        .execute();
      expect(posted).toHaveLength(0);
      expect(await chargesFor(s, res.json().purchase.id)).toHaveLength(0);
      const e = await s.ctx.services.entitlements.find(s.ctx.db, u.user.id, apps[0]?.id as string);
      expect(e?.source).toBe('free');
      const again = await buy(s, u.headers, { bundleId: apps[0]?.bundleId });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('already_owned');
    });

    it('a failure after the started phase leaves the key resumable: the same-key retry finishes it (free item, no provider call)', async () => {
      const s = store();
      const { apps } = await seller(s, [{ priceMinor: 0 }]);
      const u = await shopper(s);
      const receipts = s.ctx.services.commerce.receipts;
      const sign = receipts.sign.bind(receipts);
      receipts.sign = async () => {
        receipts.sign = sign; // fail once, like a crash between the phases
        throw new Error('signing key unavailable');
      };
      const key = newKey();
      const failed = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, key);
      expect(failed.statusCode).toBe(500);
      const retry = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, key);
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.json().purchase.type).toBe('free_app');
      const records = await s.ctx.services.commerce.provider.scanCharges('', 100_000);
      expect(records.filter((c) => c.reference === retry.json().purchase.id)).toHaveLength(0);
    });

    it('50 identical requests in parallel → exactly one charge, one purchase, one entitlement', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const key = newKey();
      const results = await Promise.all(Array.from({ length: 50 }, () => buy(s, u.headers, { bundleId: apps[0]?.bundleId }, key)));
      const statuses = new Set(results.map((r) => r.statusCode));
      expect([...statuses].every((st) => st === 201 || st === 409)).toBe(true);
      for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('idempotency_key_in_use');
      const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().purchase.id));
      expect(ids.size).toBe(1);
      const purchases = await s.ctx.db.selectFrom('purchases').selectAll().where('user_id', '=', u.user.id).execute();
      expect(purchases).toHaveLength(1);
      expect(purchases[0]?.status).toBe('completed');
      expect(await chargesFor(s, purchases[0]?.id)).toHaveLength(1);
      const ents = await s.ctx.services.entitlements.listForUser(s.ctx.db, u.user.id);
      expect(ents).toHaveLength(1);
    });

    it('two different keys for the same app in parallel → one purchase and one 409 already_owned', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const [a, b] = await Promise.all([
        buy(s, u.headers, { bundleId: apps[0]?.bundleId }),
        buy(s, u.headers, { bundleId: apps[0]?.bundleId }),
      ]);
      expect([a?.statusCode, b?.statusCode].sort()).toEqual([201, 409]);
      const loser = a?.statusCode === 409 ? a : b;
      expect(loser?.json().code).toBe('already_owned');
      expect(await chargesFor(s)).toHaveLength(
        (await s.ctx.db.selectFrom('purchases').select('id').where('status', '=', 'completed').where('amount_minor', '>', 0).execute())
          .length,
      );
      const mine = await s.ctx.db.selectFrom('purchases').selectAll().where('user_id', '=', u.user.id).execute();
      expect(mine.filter((p) => p.status === 'completed')).toHaveLength(1);
      expect(await chargesFor(s, mine[0]?.id)).toHaveLength(1);
    });

    it('retries a flaky provider with backoff: one charge, 201', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const res = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, paymentToken: 'tok_flaky' });
      expect(res.statusCode, res.body).toBe(201);
      expect(await chargesFor(s, res.json().purchase.id)).toHaveLength(1);
    });

    it('a provider timeout answers 503 payment_outcome_unknown; reconciliation completes it and the retry replays the 201', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const key = newKey();
      const body = { bundleId: apps[0]?.bundleId, paymentToken: 'tok_timeout' };
      const first = await buy(s, u.headers, body, key);
      expect(first.statusCode).toBe(503);
      expect(first.json().code).toBe('payment_outcome_unknown');
      expect(Number(first.headers['retry-after'])).toBeGreaterThan(0);
      const pending = await s.ctx.db.selectFrom('purchases').selectAll().where('user_id', '=', u.user.id).execute();
      expect(pending.map((p) => p.status)).toEqual(['pending']);
      // another key meanwhile cannot start a second charge for the same app
      expect((await buy(s, u.headers, { bundleId: apps[0]?.bundleId })).statusCode).toBe(409);

      const counts = await s.ctx.services.commerce.reconciler.reconcile(0);
      expect(counts.completed).toBeGreaterThanOrEqual(1);
      const replay = await buy(s, u.headers, body, key);
      expect(replay.statusCode).toBe(201);
      expect(replay.json().purchase.id).toBe(pending[0]?.id);
      expect(await chargesFor(s, pending[0]?.id)).toHaveLength(1);
      expect(await s.ctx.services.entitlements.isEntitled(s.ctx.db, u.user.id, apps[0]?.id as string)).toBe(true);
    });

    it('reconciliation voids a pending purchase the provider never charged, and frees the key', async () => {
      const s = store();
      const { apps } = await seller(s);
      const u = await shopper(s);
      const { ctx } = s;
      // a crash right after the "started" commit: purchase pending, key locked by a dead owner
      const key = newKey();
      const first = await buy(s, u.headers, { bundleId: apps[0]?.bundleId, paymentToken: 'tok_timeout' }, key);
      expect(first.statusCode).toBe(503);
      const p = await ctx.db.selectFrom('purchases').selectAll().where('user_id', '=', u.user.id).executeTakeFirstOrThrow();
      // pretend the charge never reached the provider
      const sandbox = ctx.services.commerce.provider.inner as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): void } } };
      sandbox.db.prepare('delete from charges where reference = ?').run(p.id);
      expect(await ctx.services.commerce.reconciler.reconcileOne(p)).toBe('voided');
      expect((await ctx.db.selectFrom('purchases').select('status').where('id', '=', p.id).executeTakeFirstOrThrow()).status).toBe(
        'voided',
      );
      expect(await ctx.services.commerce.provider.lookup(p.provider_key)).toEqual({ status: 'voided' });
      // a late charge on the voided provider key cannot land
      await expect(
        ctx.services.commerce.provider.charge({
          idempotencyKey: p.provider_key,
          amountMinor: 1,
          currency: 'USD',
          token: 'tok_ok',
          reference: p.id,
        }),
      ).rejects.toThrow();
      const retry = await buy(s, u.headers, { bundleId: apps[0]?.bundleId }, newKey());
      expect(retry.statusCode).toBe(201);
    });

    it('lists purchase history with receipts, and the library of owned apps', async () => {
      const s = store();
      const { apps } = await seller(s, [{ priceMinor: 199 }, { priceMinor: 0 }]);
      const u = await shopper(s);
      for (const a of apps) expect((await buy(s, u.headers, { bundleId: a.bundleId })).statusCode).toBe(201);
      const hist = await s.app.inject({ method: 'GET', url: '/api/v1/me/purchases', headers: u.headers });
      expect(hist.statusCode).toBe(200);
      expect(hist.json().total).toBe(2);
      expect(hist.json().purchases[0].receipt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(hist.json().purchases[0].refund).toBeNull();
      const lib = await s.app.inject({ method: 'GET', url: '/api/v1/me/library', headers: u.headers });
      expect(lib.statusCode).toBe(200);
      expect(
        lib
          .json()
          .apps.map((a: { app: { bundleId: string } }) => a.app.bundleId)
          .sort(),
      ).toEqual(apps.map((a) => a.bundleId).sort());
    });
  },
  { env: { PROVIDER_TIMEOUT_MS: '300' } },
);

describe('fingerprint', () => {
  it('differs when any member of the body differs', async () => {
    const { fingerprintOf } = await import('./present.js');
    const base = { bundleId: 'a.b', paymentToken: 'tok_ok' };
    expect(fingerprintOf(base)).toBe(fingerprintOf({ ...base }));
    expect(fingerprintOf(base)).not.toBe(fingerprintOf({ ...base, country: 'US' }));
    expect(fingerprintOf(base)).not.toBe(fingerprintOf({ ...base, productId: 'x' }));
  });
});
