import { compactVerify, createLocalJWKSet } from 'jose';
import { expect, it } from 'vitest';
import { describeStore } from '../../../testing/harness.js';
import { buy, seller, shopper } from '../test-helpers.js';

describeStore('receipts', (store) => {
  it('rotates keys: new receipts use the new kid, old receipts still verify (JWKS keeps the previous key)', async () => {
    const s = store();
    const { apps } = await seller(s, [{ priceMinor: 100 }, { priceMinor: 200 }]);
    const u = await shopper(s);
    const before = (await buy(s, u.headers, { bundleId: apps[0]?.bundleId })).json().receipt as string;
    const oldKid = JSON.parse(Buffer.from(before.split('.')[0] as string, 'base64url').toString()).kid;
    const newKid = s.ctx.services.commerce.receipts.rotate();
    expect(newKid).not.toBe(oldKid);
    const after = (await buy(s, u.headers, { bundleId: apps[1]?.bundleId })).json().receipt as string;
    expect(JSON.parse(Buffer.from(after.split('.')[0] as string, 'base64url').toString()).kid).toBe(newKid);
    const jwks = (await s.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([newKid, oldKid]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    // an app's server verifying offline with jose and the JWKS (docs/receipts.md)
    const keySet = createLocalJWKSet(jwks);
    for (const r of [before, after]) await expect(compactVerify(r, keySet)).resolves.toBeTruthy();
    for (const r of [before, after]) {
      const v = await s.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt: r } });
      expect(v.json()).toMatchObject({ valid: true, status: 'active' });
    }
    const garbage = await s.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { receipt: 'not-a-jws' } });
    expect(garbage.json()).toMatchObject({ valid: false, status: null });
  });
});
