/** Test helpers for reviews and integrity suites (not used by the application). */
import { inTransaction } from '../../db/transaction.js';
import { newId } from '../../platform/ids.js';
import { Rng } from '../../seed/rng.js';
import { createLiveApp, signUp, signUpDeveloper, type TestStore, uniqueEmail } from '../../testing/harness.js';
import type { EntitlementSource } from '../entitlements/entitlements.tables.js';

/** Fast password hashing for suites that sign many people up. */
export const fastHashEnv = { PASSWORD_HASH_MEMORY_KIB: '8192', PASSWORD_HASH_ITERATIONS: '1' };

export async function grant(s: TestStore, userId: string, appId: string, source: EntitlementSource = 'free') {
  await inTransaction(s.ctx.db, (trx) => s.ctx.services.entitlements.grant(trx, { userId, appId, source }));
}

/** A developer with one live app. */
export async function appWithDeveloper(s: TestStore) {
  const dev = await signUpDeveloper(s.app);
  const app = await createLiveApp(s.app, dev);
  return { dev, app };
}

/** A signed-up user entitled to the app. */
export async function reviewer(s: TestStore, appId: string, opts: { country?: string; source?: EntitlementSource } = {}) {
  const u = await signUp(s.app, { country: opts.country });
  await grant(s, u.user.id, appId, opts.source);
  return u;
}

export const postReview = (s: TestStore, bundleId: string, headers: Record<string, string>, payload: unknown) =>
  s.app.inject({ method: 'POST', url: `/api/v1/apps/${bundleId}/reviews`, headers, payload: payload as Record<string, unknown> });

/** A signed-in moderator (created directly, then logged in through the API). */
export async function moderator(s: TestStore, role: 'moderator' | 'admin' = 'moderator') {
  const email = uniqueEmail(role);
  const user = await s.ctx.services.accounts.createUser(s.ctx.db, { email, password: 'moderator password', displayName: 'Mod', role });
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'moderator password' } });
  return { user, headers: { authorization: `Bearer ${r.json().token}` } };
}

/** Users written straight to the database (no password hashing) for suites that need hundreds. */
export async function bulkUsers(s: TestStore, n: number, createdAt: string, country = 'US') {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    email: uniqueEmail(`bulk${i}`),
    password_hash: 'x',
    display_name: `Person ${i}`,
    role: 'customer' as const,
    country,
    created_at: createdAt,
    updated_at: createdAt,
  }));
  await s.ctx.services.accounts.bulkLoad(s.ctx.database, rows, []);
  return rows.map((r) => ({ id: r.id, country: r.country }));
}

/** A review body that reads like a real one (specific, mid-length). */
export const genuineText = (i: number) =>
  `Version ${i % 7}.${i % 3} fixed the sync bug I had with my tablet; the new widget and dark mode settings are handy, though search is a bit slow on older phones.`;

/** Synthetic labelled reviews: promotional filler (fake) versus specific experience (genuine). */
export function syntheticLabels(n: number, seed = 7): Array<{ text: string; label: 'fake' | 'genuine'; rating: number }> {
  const rng = new Rng(seed);
  const hype = [
    'Best app ever',
    'Amazing app',
    'Must download now',
    'Five stars',
    'Love it so much',
    'Highly recommend',
    'Perfect in every way',
  ];
  const things = ['sync', 'the widget', 'dark mode', 'export to PDF', 'the search', 'offline mode', 'the backup', 'notifications'];
  const verbs = [
    'broke after the update',
    'works well on my tablet',
    'is slow on my old phone',
    'crashes when I rotate the screen',
    'got better in version 2',
  ];
  return Array.from({ length: n }, (_, i) => {
    if (i % 2 === 0) {
      const text = `${rng.pick(hype)}! ${rng.pick(hype)}!! ${rng.pick(hype)}`;
      return { text, label: 'fake' as const, rating: 5 };
    }
    const text = `I use it daily; ${rng.pick(things)} ${rng.pick(verbs)}, and ${rng.pick(things)} ${rng.pick(verbs)}.`;
    return { text, label: 'genuine' as const, rating: rng.int(2, 5) };
  });
}
