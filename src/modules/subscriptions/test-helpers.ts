/** Fixtures for subscription tests: an app with a group of plans, a webhook receiver, a pass runner. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestStore } from '../../testing/harness.js';
import { createLiveApp, signUp, signUpDeveloper } from '../../testing/harness.js';
import { buy, newKey } from '../commerce/test-helpers.js';

export { buy, newKey };

/** A local server that records notifications (decoded payloads) and answers with `status()`. */
export async function webhookReceiver() {
  const received: Array<{
    notificationType: string;
    subtype: string | null;
    notificationUUID: string;
    data: Record<string, unknown>;
    jws: string;
  }> = [];
  let status = 200;
  let hang = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (hang) return; // never answers: the sender times out
      if (status >= 200 && status < 300) {
        const { signedPayload } = JSON.parse(Buffer.concat(chunks).toString());
        const payload = JSON.parse(Buffer.from(signedPayload.split('.')[1], 'base64url').toString());
        received.push({ ...payload, jws: signedPayload });
      }
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** `TYPE/SUBTYPE` of what arrived, optionally only for one app. */
    types: (bundleId?: string) =>
      received
        .filter((r) => !bundleId || r.data.bundleId === bundleId)
        .map((r) => (r.subtype ? `${r.notificationType}/${r.subtype}` : r.notificationType)),
    setStatus: (s: number) => {
      status = s;
    },
    setHang: (h: boolean) => {
      hang = h;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A developer's live app with one group: pro.monthly (level 1), basic.monthly (level 2, 1-month free trial), basic.yearly (level 2). */
export async function subscriptionApp(s: TestStore, opts: { webhook?: string; graceDays?: number } = {}) {
  const dev = await signUpDeveloper(s.app);
  const app = await createLiveApp(s.app, dev, { priceMinor: 0 });
  const inject = (method: 'POST' | 'PUT' | 'GET' | 'PATCH', url: string, payload?: object) =>
    s.app.inject({ method, url: `/api/v1${url}`, headers: dev.headers, payload });
  const g = await inject('POST', `/apps/${app.bundleId}/subscription-groups`, { name: 'Premium' });
  if (g.statusCode !== 201) throw new Error(g.body);
  const groupId = g.json().group.id as string;
  const other = (await inject('POST', `/apps/${app.bundleId}/subscription-groups`, { name: 'Other' })).json().group.id as string;
  const product = async (body: object) => {
    const r = await inject('POST', `/apps/${app.bundleId}/subscriptions/products`, body);
    if (r.statusCode !== 201) throw new Error(r.body);
  };
  await product({
    productId: 'pro.monthly',
    groupId,
    name: 'Pro',
    period: 'month',
    level: 1,
    prices: [{ country: 'US', priceMinor: 1000 }],
  });
  await product({
    productId: 'basic.monthly',
    groupId,
    name: 'Basic',
    period: 'month',
    level: 2,
    introType: 'free_trial',
    introPeriods: 1,
    prices: [{ country: 'US', priceMinor: 500 }],
  });
  await product({
    productId: 'basic.yearly',
    groupId,
    name: 'Basic yearly',
    period: 'year',
    level: 2,
    prices: [{ country: 'US', priceMinor: 5000 }],
  });
  await product({
    productId: 'other.monthly',
    groupId: other,
    name: 'Other',
    period: 'month',
    level: 1,
    prices: [{ country: 'US', priceMinor: 300 }],
  });
  if (opts.graceDays !== undefined)
    await inject('PUT', `/apps/${app.bundleId}/subscriptions/settings`, { gracePeriodDays: opts.graceDays });
  if (opts.webhook) {
    const w = await inject('PUT', `/developers/me/apps/${app.bundleId}/notifications/settings`, { url: opts.webhook });
    if (w.statusCode !== 200) throw new Error(w.body);
  }
  return { dev, app, groupId, inject };
}

/** One renewal pass, then events → notifications → deliveries, as the worker and scheduler would. */
export async function tick(s: TestStore) {
  const r = await s.ctx.services.subscriptions.lifecycle.runPass();
  await settle(s);
  return r;
}

export async function settle(s: TestStore) {
  await s.ctx.bus.drain();
  await s.ctx.services.notifications.deliverDue(500);
}

export async function subscriber(s: TestStore) {
  return signUp(s.app);
}

/** Successful charges the sandbox recorded, by provider key. */
export async function capturedCharges(s: TestStore) {
  const all = await s.ctx.services.commerce.provider.scanCharges('', 1_000_000);
  return all.filter((c) => c.status === 'succeeded' || c.status === 'refunded');
}

export const decode = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString());
