/** A small JSON API client: Bearer token, problem+json errors turned into clear messages. */
import { ClientError } from './errors.mjs';

export function describeNetworkError(err, server) {
  const cause = err.cause ?? err;
  const code = cause.code ?? '';
  if (code === 'ECONNREFUSED') return `Cannot reach the server at ${server} (connection refused). Is it running?`;
  if (code === 'ENOTFOUND') return `Cannot resolve the server host in ${server}.`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `The connection to ${server} was cut off.`;
  if (err.name === 'TimeoutError') return `The server at ${server} did not answer in time.`;
  return `Network error talking to ${server}: ${cause.message ?? err.message}`;
}

export class Api {
  constructor(server, token) {
    this.server = server.replace(/\/$/, '');
    this.token = token;
  }

  url(p) {
    return new URL(p, `${this.server}/`).toString();
  }

  async request(method, p, { body, headers = {}, allow = [] } = {}) {
    let res;
    try {
      res = await fetch(this.url(p), {
        method,
        headers: {
          accept: 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new ClientError(describeNetworkError(err, this.server));
    }
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok || allow.includes(res.status)) return { status: res.status, body: json, headers: res.headers };
    throw problemError(res.status, json, `${method} ${p}`);
  }

  get(p, o) {
    return this.request('GET', p, o);
  }
  post(p, body, o = {}) {
    return this.request('POST', p, { ...o, body });
  }
}

export function problemError(status, problem, what) {
  const code = problem?.code;
  const detail = problem?.detail && problem.detail !== problem?.title ? `: ${problem.detail}` : '';
  const hints = {
    unauthenticated: 'Your session has ended. Sign in again with: orchard-client login',
    not_entitled: 'Get or buy the app first: orchard-client get <bundleId>',
    rate_limited: 'Wait a minute and try again.',
  };
  const message = problem?.title ? `${problem.title}${detail}` : `${what} failed with HTTP ${status}`;
  return new ClientError(message, { code, status, hint: hints[code] });
}
