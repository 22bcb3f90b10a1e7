/**
 * Sends one notification: POST `{"signedPayload": "<jws>"}` to the checked, pinned address with
 * a timeout and no redirects. Any answer other than 2xx, a timeout or a refused connection is a
 * failure to retry.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookUrl, type UrlPolicy } from './ssrf.js';

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  ok: boolean;
}

export async function sendNotification(rawUrl: string, body: string, opts: UrlPolicy & { timeoutMs: number }): Promise<SendResult> {
  let target: Awaited<ReturnType<typeof checkWebhookUrl>>;
  try {
    target = await checkWebhookUrl(rawUrl, opts);
  } catch (err) {
    return { statusCode: null, error: (err as Error).message, ok: false };
  }
  const { url, address, family } = target;
  // connect to the address that was checked, whatever DNS says by now
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Orchard-Notifications/1' },
        timeout: opts.timeoutMs,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        res.resume(); // the body is not needed; read it so the socket is released
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          resolve({ statusCode: code, error: code >= 200 && code < 300 ? null : `HTTP ${code}`, ok: code >= 200 && code < 300 });
        });
        res.on('error', (err) => resolve({ statusCode: res.statusCode ?? null, error: err.message, ok: false }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ statusCode: null, error: err.message, ok: false }));
    req.end(body);
  });
}
