import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { describeStore, signUp } from '../testing/harness.js';

describeStore('http surface', (store) => {
  const inject = (o: InjectOptions) => store().app.inject(o);

  it('answers liveness, readiness, metrics and OpenAPI', async () => {
    expect((await inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    // the harness builds the app without starting consumers: not ready yet
    const notReady = await inject({ method: 'GET', url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().checks.startup).toBe('starting');
    const metrics = await inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('orchard_http_request_duration_seconds');
    expect(metrics.body).toContain('orchard_outbox_pending');
    const spec = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const p of ['/api/v1/auth/signup', '/api/v1/apps/{bundleId}', '/api/v1/categories']) expect(spec.paths).toHaveProperty([p]);
    expect((await inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('sends security headers and a request id on every response', async () => {
    const r = await inject({ method: 'GET', url: '/api/v1/categories', headers: { 'x-request-id': 'abc-123' } });
    expect(r.headers['x-request-id']).toBe('abc-123');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('maps framework failures to problem+json with stable codes', async () => {
    const cases: Array<[InjectOptions, number, string]> = [
      [{ method: 'GET', url: '/api/v1/nothing-here' }, 404, 'route_not_found'],
      [
        { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' },
        400,
        'malformed_json',
      ],
      [
        { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hi' },
        415,
        'unsupported_media_type',
      ],
      [
        { method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.co', password: 'x'.repeat(2_000_000) } },
        413,
        'payload_too_large',
      ],
      [{ method: 'POST', url: '/api/v1/auth/login', payload: { email: 1, password: [] } }, 400, 'validation_failed'],
      [{ method: 'GET', url: '/api/v1/apps?limit=abc' }, 400, 'validation_failed'],
      [{ method: 'GET', url: '/api/v1/developers/%00' }, 400, 'validation_failed'],
      [
        { method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'nul@x.co', password: 'long enough\u0000pw', displayName: 'N' } },
        400,
        'validation_failed',
      ],
    ];
    for (const [req, status, code] of cases) {
      const r = await inject(req);
      expect(r.statusCode, `${req.method} ${req.url}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ status, code, type: `urn:orchard:problem:${code}` });
    }
  });

  it('never answers 500 to arbitrary input on public endpoints (property test)', async () => {
    const u = await signUp(store().app);
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.constantFrom(
        '\u0000',
        '‮evil',
        '😀'.repeat(50),
        'a'.repeat(10_000),
        '../../etc/passwd',
        "'; drop table apps; --",
        '%00',
        'com.x.y',
      ),
    );
    const json = fc.jsonValue({ maxDepth: 3 });
    const request = fc.oneof(
      fc.record({ method: fc.constant('GET' as const), url: text.map((q) => `/api/v1/apps/${encodeURIComponent(q)}`) }),
      fc.record({
        method: fc.constant('GET' as const),
        url: fc.tuple(text, text).map(([a, b]) => `/api/v1/apps?sort=${encodeURIComponent(a)}&limit=${encodeURIComponent(b)}`),
      }),
      fc.record({
        method: fc.constant('GET' as const),
        url: text.map((q) => `/api/v1/categories/${encodeURIComponent(q)}/apps?offset=${encodeURIComponent(q)}`),
      }),
      fc.record({ method: fc.constant('GET' as const), url: text.map((q) => `/api/v1/developers/${encodeURIComponent(q)}`) }),
      fc.record({ method: fc.constant('GET' as const), url: text.map((q) => `/media/${encodeURIComponent(q)}`) }),
      fc.record({ method: fc.constant('POST' as const), url: fc.constantFrom('/api/v1/auth/signup', '/api/v1/auth/login'), payload: json }),
      fc.record({
        method: fc.constantFrom('POST' as const, 'PATCH' as const),
        url: fc.constantFrom('/api/v1/apps', '/api/v1/me', '/api/v1/developers'),
        payload: json,
        headers: fc.constant(u.headers),
      }),
      fc.record({
        method: fc.constant('PUT' as const),
        url: text.map((q) => `/api/v1/apps/${encodeURIComponent(q)}/prices`),
        payload: json,
        headers: fc.constant(u.headers),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const r = await inject(req as InjectOptions);
        expect(r.statusCode, `${req.method} ${req.url} → ${r.body.slice(0, 200)}`).toBeLessThan(500);
        if (r.statusCode >= 400) expect(r.json().code).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });
});
