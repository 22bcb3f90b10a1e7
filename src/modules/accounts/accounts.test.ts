import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeStore, signUp, signUpDeveloper, uniqueEmail } from '../../testing/harness.js';

describeStore('accounts', (store) => {
  const inject = (o: InjectOptions) => store().app.inject(o);

  it('signs up, returns a token and an HttpOnly SameSite cookie, and knows the user', async () => {
    const email = uniqueEmail('Alice');
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email, password: 'correct horse battery', displayName: 'Alice' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user.email).toBe(email.toLowerCase());
    expect(body.user.role).toBe('customer');
    expect(body.token).toMatch(/^os_/);
    expect(body.user).not.toHaveProperty('password_hash');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/orchard_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(body.user.id);
    // the cookie alone authenticates the web
    const token = /orchard_session=([^;]+)/.exec(cookie)?.[1];
    const viaCookie = await inject({ method: 'GET', url: '/api/v1/me', cookies: { orchard_session: token as string } });
    expect(viaCookie.json().user.id).toBe(body.user.id);
  });

  it('stores only a hash of the password and of the session token', async () => {
    const u = await signUp(store().app);
    const row = await store().ctx.db.selectFrom('users').selectAll().where('id', '=', u.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sessions = await store().ctx.db.selectFrom('sessions').select('token_hash').where('user_id', '=', u.user.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.token_hash).not.toContain(u.token);
    expect(sessions[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a duplicate email (case-insensitive) with 409 email_taken', async () => {
    const email = uniqueEmail();
    await signUp(store().app, { email });
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: email.toUpperCase(), password: 'another good password', displayName: 'Dup' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_taken');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('logs in with the right password only', async () => {
    const u = await signUp(store().app);
    const bad = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'wrong password!' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('invalid_credentials');
    const unknown = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: uniqueEmail(), password: 'whatever it is' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_credentials');
    const ok = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'correct horse battery' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(u.user.id);
  });

  it('throttles repeated failed logins for an email with 429 and Retry-After', async () => {
    const u = await signUp(store().app);
    const max = store().config.auth.login.maxFailures;
    for (let i = 0; i < max; i++) {
      const r = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: `nope-${i}-xxxx` } });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: 'correct horse battery' },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_login_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logs out: the token stops working', async () => {
    const u = await signUp(store().app);
    const out = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: u.headers });
    expect(out.statusCode).toBe(204);
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: u.headers });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('unauthenticated');
  });

  it('requires authentication (401) and the right role (403)', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    const u = await signUp(store().app);
    const r = await inject({ method: 'PATCH', url: `/api/v1/admin/users/${u.user.id}`, headers: u.headers, payload: { role: 'admin' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('forbidden');
    const garbage = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(garbage.statusCode).toBe(401);
  });

  it('lets an admin change roles', async () => {
    const { ctx } = store();
    const adminEmail = uniqueEmail('admin');
    await ctx.services.accounts.createUser(ctx.db, {
      email: adminEmail,
      password: 'admin password 1',
      displayName: 'Admin',
      role: 'admin',
    });
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password: 'admin password 1' } });
    const admin = { authorization: `Bearer ${login.json().token}` };
    const u = await signUp(store().app);
    const r = await inject({ method: 'PATCH', url: `/api/v1/admin/users/${u.user.id}`, headers: admin, payload: { role: 'moderator' } });
    expect(r.statusCode).toBe(200);
    expect(r.json().user.role).toBe('moderator');
  });

  it('turns a user into a developer with a public page, once', async () => {
    const u = await signUp(store().app);
    const r = await inject({
      method: 'POST',
      url: '/api/v1/developers',
      headers: u.headers,
      payload: { name: 'Ünïcode Labs', website: 'https://example.com' },
    });
    expect(r.statusCode).toBe(201);
    const dev = r.json().developer;
    expect(dev.slug).toBe('unicode-labs');
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: u.headers });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().user.role).toBe('developer');
    expect(me.json().developer.id).toBe(dev.id);
    const page = await inject({ method: 'GET', url: `/api/v1/developers/${dev.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.json().developer.name).toBe('Ünïcode Labs');
    const again = await inject({ method: 'POST', url: '/api/v1/developers', headers: u.headers, payload: { name: 'Second' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_developer');
    // same name again from someone else gets its own slug
    const other = await signUp(store().app);
    const r2 = await inject({ method: 'POST', url: '/api/v1/developers', headers: other.headers, payload: { name: 'Ünïcode Labs' } });
    expect(r2.json().developer.slug).toBe('unicode-labs-2');
  });

  it('creates, lists, uses and revokes scoped API keys; the secret is shown once and stored hashed', async () => {
    const dev = await signUpDeveloper(store().app);
    const created = await inject({
      method: 'POST',
      url: '/api/v1/developers/me/api-keys',
      headers: dev.headers,
      payload: { name: 'CI server', scopes: ['apps:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { apiKey, secret } = created.json();
    expect(secret).toMatch(/^ok_/);
    const list = await inject({ method: 'GET', url: '/api/v1/developers/me/api-keys', headers: dev.headers });
    expect(list.json().apiKeys.map((k: { id: string }) => k.id)).toContain(apiKey.id);
    expect(list.body).not.toContain(secret);
    const rows = await store().ctx.db.selectFrom('api_keys').selectAll().where('id', '=', apiKey.id).execute();
    expect(JSON.stringify(rows)).not.toContain(secret);

    const keyHeaders = { authorization: `Bearer ${secret}` };
    const read = await inject({ method: 'GET', url: '/api/v1/developers/me/apps', headers: keyHeaders });
    expect(read.statusCode).toBe(200);
    // lacking apps:write
    const write = await inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: keyHeaders,
      payload: { bundleId: 'com.k.x', name: 'X', category: 'Books' },
    });
    expect(write.statusCode).toBe(403);
    // keys are not user sessions
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: keyHeaders })).statusCode).toBe(403);

    const del = await inject({ method: 'DELETE', url: `/api/v1/developers/me/api-keys/${apiKey.id}`, headers: dev.headers });
    expect(del.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/developers/me/apps', headers: keyHeaders })).statusCode).toBe(401);
    const again = await inject({ method: 'DELETE', url: `/api/v1/developers/me/api-keys/${apiKey.id}`, headers: dev.headers });
    expect(again.statusCode).toBe(404);
  });

  it('rejects cookie-authenticated writes from another origin', async () => {
    const u = await signUp(store().app);
    const r = await inject({
      method: 'PATCH',
      url: '/api/v1/me',
      cookies: { orchard_session: u.token },
      headers: { origin: 'https://evil.example' },
      payload: { displayName: 'Pwned' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('csrf_rejected');
    const same = await inject({
      method: 'PATCH',
      url: '/api/v1/me',
      cookies: { orchard_session: u.token },
      headers: { origin: 'http://shop.example:8080', host: 'shop.example:8080' },
      payload: { displayName: 'Fine' },
    });
    expect(same.statusCode).toBe(200);
  });

  it('validates sign-up input with problem+json', async () => {
    const cases = [
      { email: 'not-an-email', password: 'long enough pw', displayName: 'x' },
      { email: uniqueEmail(), password: 'short', displayName: 'x' },
      { email: uniqueEmail(), password: 'long enough pw' },
      { email: uniqueEmail(), password: 'long enough pw', displayName: 'x', role: 'admin' },
    ];
    for (const payload of cases) {
      const r = await inject({ method: 'POST', url: '/api/v1/auth/signup', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().code).toBe('validation_failed');
    }
  });
});

describe('password hashing', () => {
  it('verifies only the right password', async () => {
    const { PasswordHasher } = await import('./passwords.js');
    const h = new PasswordHasher({ memoryKiB: 19456, iterations: 2, concurrency: 2 });
    const stored = await h.hash('s3cret passphrase');
    expect(await h.verify(stored, 's3cret passphrase')).toBe(true);
    expect(await h.verify(stored, 's3cret passphrasE')).toBe(false);
    expect(await h.verify(undefined, 's3cret passphrase')).toBe(false);
  });
});
