/** Store setup for bench/delivery.ts: a seeded catalog with one released build per app, and users who own some. */
import crypto from 'node:crypto';
import type { AppContext } from '../../src/context.js';
import { bulkInsert } from '../../src/db/bulk.js';
import { inTransaction } from '../../src/db/transaction.js';
import { newVersionRow } from '../../src/modules/releases/releases.repository.js';
import { newId } from '../../src/platform/ids.js';
import { seedStore } from '../../src/seed/seed.js';
import { progress } from './report.js';

export interface BenchCatalog {
  apps: Array<{ id: string; bundleId: string }>;
  users: Array<{ id: string; token: string; country: string; owned: string[] }>;
}

/** Every app gets build 2 (version 1.1.0) on sale; one in ten is in a phased rollout. */
export async function seedReleases(ctx: AppContext, nApps: number, nUsers: number, owned: number): Promise<BenchCatalog> {
  progress(`seeding ${nApps} apps…`);
  await seedStore(ctx, { apps: nApps, users: 0, onProgress: (d, t) => d % 50_000 === 0 && progress(`  apps ${d}/${t}`) });
  const apps: BenchCatalog['apps'] = [];
  for (let after = ''; ; ) {
    const page = await ctx.services.catalog.scan(ctx.db, after, 10_000);
    if (page.length === 0) break;
    for (const a of page) apps.push({ id: a.id, bundleId: a.bundle_id });
    after = (page.at(-1) as { id: string }).id;
  }
  progress(`adding a released build to each of ${apps.length} apps…`);
  const now = ctx.clock.now().toISOString();
  const started = new Date(ctx.clock.now().getTime() - 3.5 * 86_400_000).toISOString();
  // the update check only passes signatures through: one of realistic length serves every row
  const signed = `${crypto.randomBytes(36).toString('base64url')}.${crypto.randomBytes(180).toString('base64url')}.${crypto.randomBytes(64).toString('base64url')}`;
  for (let i = 0; i < apps.length; i += 20_000) {
    const slice = apps.slice(i, i + 20_000);
    const builds = slice.map((a) => ({
      id: newId(),
      app_id: a.id,
      bundle_id: a.bundleId,
      version: '1.1.0',
      build_number: 2,
      platforms: '["phone","tablet"]',
      min_os: '{"phone":"15.0"}',
      size_bytes: 50_000_000,
      sha256: crypto.createHash('sha256').update(a.id).digest('hex'),
      release_notes: 'Bug fixes and performance improvements.',
      permissions: '["camera","network"]',
      signed_metadata: signed,
      uploaded_by: null,
      created_at: now,
    }));
    await bulkInsert(ctx.database, 'builds', builds);
    await bulkInsert(
      ctx.database,
      'app_versions',
      builds.map((b, j) =>
        newVersionRow({
          id: newId(),
          app_id: b.app_id,
          bundle_id: b.bundle_id,
          developer_id: 'bench',
          version: '1.1.0',
          state: 'READY_FOR_SALE',
          release_mode: (i + j) % 10 === 0 ? 'phased' : 'automatic',
          build_id: b.id,
          released_at: now,
          phased_started_at: (i + j) % 10 === 0 ? started : null,
          created_at: now,
        }),
      ),
    );
  }
  progress(`creating ${nUsers} users owning ${owned} apps each…`);
  const users: BenchCatalog['users'] = [];
  const ids = new Map(apps.map((a) => [a.bundleId, a.id]));
  for (let u = 0; u < nUsers; u++) {
    const s = await ctx.services.accounts.signup(
      ctx.db,
      { email: `bench-${u}-${Date.now()}@example.test`, password: 'bench password 1', displayName: `Bench ${u}` },
      { kind: 'device' },
    );
    const mine = new Set<string>();
    while (mine.size < owned) mine.add((apps[Math.floor(Math.random() * apps.length)] as { bundleId: string }).bundleId);
    await inTransaction(ctx.db, async (trx) => {
      for (const b of mine) await ctx.services.entitlements.grant(trx, { userId: s.user.id, appId: ids.get(b) as string, source: 'free' });
    });
    users.push({ id: s.user.id, token: s.token, country: s.user.country, owned: [...mine] });
  }
  return { apps, users };
}
