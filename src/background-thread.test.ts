/**
 * `serve` with BACKGROUND_THREAD=true: HTTP on the main thread, durable consumers and jobs on a
 * worker thread. The main thread delivers no durable events itself, so the outbox draining to
 * zero after a purchase shows the thread's consumers at work; SIGTERM stops both cleanly.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { accountOver, call } from './testing/cluster.js';
import { serverEnv, serverProcesses } from './testing/processes.js';
import { freePort } from './testing/redis-server.js';

const { startServer } = serverProcesses();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-thread-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function outboxPending(url: string): Promise<number> {
  const text = (await call(url, 'GET', '/metrics')).text;
  return Number(/^orchard_outbox_pending (\d+)/m.exec(text)?.[1]);
}

it('delivers events on the background thread and shuts both threads down on SIGTERM', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = serverEnv(dataDir, port, { LOG_LEVEL: 'info', BACKGROUND_THREAD: 'true', EVENT_POLL_MS: '50' });
  const server = await startServer(env, url);
  try {
    const dev = await accountOver(url, `dev-${crypto.randomUUID()}@example.test`, 'Thread Studio');
    const bundleId = `com.thread.app${crypto.randomBytes(3).toString('hex')}`;
    expect(
      (await call(url, 'POST', '/api/v1/apps', { bundleId, name: 'Threaded', category: 'Utilities', priceMinor: 299 }, dev)).status,
    ).toBe(201);
    expect((await call(url, 'POST', `/api/v1/apps/${bundleId}/publish`, undefined, dev)).status).toBe(200);
    const buyer = {
      ...(await accountOver(url, `buyer-${crypto.randomUUID()}@example.test`)),
      'idempotency-key': `thread-${crypto.randomUUID()}`,
    };
    const bought = await call(url, 'POST', '/api/v1/purchases', { bundleId, country: 'US', paymentToken: 'tok_ok' }, buyer);
    expect(bought.status, bought.text).toBe(201);
    let pending = await outboxPending(url);
    for (let i = 0; i < 100 && pending > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      pending = await outboxPending(url);
    }
    expect(pending).toBe(0);
    // only the thread delivers durable events: its counters reach the main thread's /metrics
    const metrics = (await call(url, 'GET', '/metrics')).text;
    expect(Number(/^orchard_events_dispatched_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics.match(/^process_cpu_seconds_total /gm)).toHaveLength(1); // process metrics once, not summed
    expect(server.log()).toContain('background thread ready');
  } finally {
    server.child.kill('SIGTERM');
  }
  expect(await server.exited).toBe(0);
}, 60_000);
