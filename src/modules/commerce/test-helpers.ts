/** Shared fixtures for the commerce tests: a developer with apps, shoppers, and a purchase call. */
import crypto from 'node:crypto';
import type { TestStore } from '../../testing/harness.js';
import { createLiveApp, signUp, signUpDeveloper } from '../../testing/harness.js';

export const newKey = () => `key-${crypto.randomUUID()}`;

export async function seller(store: TestStore, apps: Array<{ priceMinor: number }> = [{ priceMinor: 499 }]) {
  const dev = await signUpDeveloper(store.app);
  const created = [];
  for (const a of apps) created.push(await createLiveApp(store.app, dev, { priceMinor: a.priceMinor }));
  return { dev, apps: created };
}

export async function buy(store: TestStore, headers: Record<string, string>, body: Record<string, unknown>, key: string | null = newKey()) {
  return store.app.inject({
    method: 'POST',
    url: '/api/v1/purchases',
    headers: { ...headers, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload: { country: 'US', paymentToken: 'tok_ok', ...body },
  });
}

export async function shopper(store: TestStore) {
  return signUp(store.app);
}

/** Captured (successful) charges the sandbox provider recorded for a purchase. */
export async function chargesFor(store: TestStore, purchaseId?: string) {
  const all = await store.ctx.services.commerce.provider.scanCharges('', 100_000);
  return all.filter((c) => (c.status === 'succeeded' || c.status === 'refunded') && (!purchaseId || c.reference === purchaseId));
}

export async function admin(store: TestStore) {
  const email = `admin-${crypto.randomUUID()}@example.test`;
  await store.ctx.services.accounts.createUser(store.ctx.db, { email, password: 'admin password 1', displayName: 'Admin', role: 'admin' });
  const login = await store.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'admin password 1' } });
  return { authorization: `Bearer ${login.json().token}` };
}
