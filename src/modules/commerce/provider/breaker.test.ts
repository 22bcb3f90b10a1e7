import { expect, it } from 'vitest';
import { describeStore } from '../../../testing/harness.js';
import { buy, chargesFor, newKey, seller, shopper } from '../test-helpers.js';

describeStore(
  'payment provider circuit breaker',
  (store) => {
    it('opens after repeated failures: 503 with Retry-After, nothing charged, and the cart can be bought once it closes', async () => {
      const s = store();
      const { apps } = await seller(s, [{ priceMinor: 199 }, { priceMinor: 299 }, { priceMinor: 399 }]);
      const u = await shopper(s);
      const breaker = s.ctx.services.commerce.provider.breaker;
      // the provider refuses every call: retried, then 503, nothing charged
      for (const a of apps.slice(0, 2)) {
        const r = await buy(s, u.headers, { bundleId: a.bundleId, paymentToken: 'tok_unavailable' });
        expect(r.statusCode).toBe(503);
        expect(r.json().code).toBe('payment_provider_unavailable');
      }
      expect(breaker.opened).toBe(true);
      const key = newKey();
      const body = { bundleId: apps[2]?.bundleId, paymentToken: 'tok_ok' };
      const blocked = await buy(s, u.headers, body, key);
      expect(blocked.statusCode).toBe(503);
      expect(blocked.json().code).toBe('payment_provider_unavailable');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await chargesFor(s)).toHaveLength(0);
      const rows = await s.ctx.db.selectFrom('purchases').select('status').where('user_id', '=', u.user.id).execute();
      expect(rows.every((r) => r.status === 'voided')).toBe(true);
      // the 503 was not stored: once the provider is back, the same key buys
      breaker.close();
      const ok = await buy(s, u.headers, body, key);
      expect(ok.statusCode, ok.body).toBe(201);
      expect(await chargesFor(s)).toHaveLength(1);
    });
  },
  { env: { PROVIDER_BREAKER_VOLUME: '3', PROVIDER_RETRIES: '1', PROVIDER_BREAKER_RESET_MS: '60000' } },
);
