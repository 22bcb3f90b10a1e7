/**
 * Writes a generated demo store: demo sign-ins (admin, moderator, developer, shopper),
 * customers, developers and apps. Large stores are written in batches through the modules'
 * bulk loaders, then one catalog.bulk_loaded event tells replicas (search) to rebuild.
 */
import type { AppContext } from '../context.js';
import type { Developer } from '../modules/accounts/accounts.service.js';
import { deterministicId, type GeneratedDeveloper, generateApps, generateDevelopers } from './generate.js';
import { Rng } from './rng.js';

export interface SeedOptions {
  apps: number;
  users: number;
  seed?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'admin', email: 'admin@orchard.test', password: 'orchard-admin-demo' },
  { role: 'moderator', email: 'moderator@orchard.test', password: 'orchard-moderator-demo' },
  { role: 'developer', email: 'developer@orchard.test', password: 'orchard-developer-demo' },
  { role: 'customer', email: 'shopper@orchard.test', password: 'orchard-shopper-demo' },
];
export const DEMO_USER_PASSWORD = 'orchard-demo-user';

const FIRST = [
  'Ana',
  'Ben',
  'Chloé',
  'Dmitri',
  'Emma',
  'Farah',
  'Gustavo',
  'Hana',
  'Ines',
  'Jonas',
  'Kenji',
  'Lena',
  'Malik',
  'Nora',
  'Olu',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
];
const LAST = [
  'Silva',
  'Kowalski',
  'Nguyen',
  'Müller',
  'Okafor',
  'Haddad',
  'Tanaka',
  'Ivanova',
  'García',
  'Smith',
  'Lindqvist',
  'Rossi',
  'Kim',
  'Patel',
  'Dubois',
];
const COUNTRIES = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'JP', 'IN', 'BR', 'CA', 'AU', 'ES', 'IT', 'NL', 'MX', 'KR'];

export async function seedStore(ctx: AppContext, opts: SeedOptions): Promise<{ logins: DemoLogin[]; seconds: number }> {
  const t0 = performance.now();
  const seed = opts.seed ?? 42;
  const { accounts, catalog } = ctx.services;
  const progress = opts.onProgress ?? (() => {});

  // Demo sign-ins go through the normal service (real hashes, events).
  const demo = new Map<string, string>();
  for (const l of DEMO_LOGINS) {
    const existing = await accounts.findUserByEmail(ctx.db, l.email);
    const role = l.role as 'admin' | 'moderator' | 'developer' | 'customer';
    const u =
      existing ??
      (await accounts.createUser(ctx.db, {
        email: l.email,
        password: l.password,
        displayName: `Demo ${l.role}`,
        role: role === 'developer' ? 'customer' : role,
      }));
    demo.set(l.role, u.id);
  }
  let demoDeveloper: Developer | undefined;
  const devUser = await accounts.getUser(ctx.db, demo.get('developer') as string);
  demoDeveloper = devUser.developerId
    ? await accounts.getDeveloper(ctx.db, devUser.developerId)
    : await accounts.becomeDeveloper(ctx.db, devUser, { name: 'Orchard Demo Studio', website: 'https://example.com' });

  // Customers share one password hash: hashing each with argon2id would take minutes.
  const hash = await accounts.hashPassword(DEMO_USER_PASSWORD);
  const rng = new Rng(seed);
  const now = ctx.clock.now().getTime();
  const users = Array.from({ length: opts.users }, (_, i) => {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const created = new Date(now - Math.floor(rng.next() * 900) * 86_400_000).toISOString();
    return {
      id: deterministicId(3, i),
      email: `user${i}@demo.orchard.test`,
      password_hash: hash,
      display_name: `${first} ${last}`,
      role: 'customer' as const,
      country: rng.pick(COUNTRIES),
      created_at: created,
      updated_at: created,
    };
  });
  const devCount = Math.max(1, Math.ceil(opts.apps / 6));
  const generated = generateDevelopers(devCount, seed);
  const devRows = generated.map((d) => ({
    id: d.id,
    user_id: null,
    name: d.name,
    slug: d.slug,
    website: null,
    bio: null,
    created_at: new Date(now - 3000 * 86_400_000).toISOString(),
    updated_at: new Date(now - 3000 * 86_400_000).toISOString(),
  }));
  await accounts.bulkLoad(ctx.database, users, devRows);
  progress(0, opts.apps, 'apps');

  // The demo developer account owns the first few apps so the console has something to show.
  const owners: GeneratedDeveloper[] = generated;
  const batchSize = opts.batchSize ?? 20_000;
  for (let from = 0; from < opts.apps; from += batchSize) {
    const to = Math.min(opts.apps, from + batchSize);
    const batch = generateApps(from, to, seed, owners);
    for (const a of batch.apps.slice(0, Math.max(0, 8 - from))) {
      a.developer_id = demoDeveloper.id;
      a.developer_name = demoDeveloper.name;
    }
    await catalog.bulkLoad(ctx.database, batch.apps, batch.prices);
    progress(to, opts.apps, 'apps');
  }
  await catalog.announceBulkLoad(ctx.db, opts.apps);
  await ctx.db
    .insertInto('settings')
    .values({
      key: 'demo_seeded',
      value: JSON.stringify({ apps: opts.apps, users: opts.users, seed }),
      updated_at: ctx.clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ apps: opts.apps, users: opts.users, seed }) }))
    .execute();
  return { logins: DEMO_LOGINS, seconds: (performance.now() - t0) / 1000 };
}

/**
 * First start: fill an empty store with the demo (unless SEED_DEMO=false). A settings row
 * taken with insert-or-nothing makes sure only one process seeds when several start at once.
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<{ logins: DemoLogin[] } | null> {
  if ((await catalog(ctx).countLiveApps(ctx.db)) > 0) return null;
  const claim = await ctx.db
    .insertInto('settings')
    .values({ key: 'demo_seed_claim', value: String(process.pid), updated_at: ctx.clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) return null;
  ctx.log.info({ apps: ctx.config.seed.apps, users: ctx.config.seed.users }, 'empty store: seeding the demo');
  const r = await seedStore(ctx, { apps: ctx.config.seed.apps, users: ctx.config.seed.users });
  ctx.log.info({ seconds: Math.round(r.seconds * 10) / 10 }, 'demo store seeded');
  return r;
}

const catalog = (ctx: AppContext) => ctx.services.catalog;
