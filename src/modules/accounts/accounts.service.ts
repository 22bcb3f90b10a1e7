/**
 * Accounts: sign-up, sign-in, sessions, roles, developer accounts and developer API keys.
 * Secrets (passwords, session tokens, API keys) are stored only as hashes; tokens are shown
 * once, when created.
 */
import type { Config } from '../../config.js';
import { bulkInsert } from '../../db/bulk.js';
import type { Database, Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { Cache } from '../../platform/cache.js';
import type { Clock } from '../../platform/clock.js';
import { DAY_MS } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId, randomToken, sha256Hex } from '../../platform/ids.js';
import { DEFAULT_COUNTRY } from '../../platform/storefronts.js';
import './accounts.events.js';
import * as repo from './accounts.repository.js';
import type { UserRole } from './accounts.tables.js';
import type { ApiKey, Developer, User } from './accounts.types.js';
import type { PasswordHasher } from './passwords.js';

export type { ApiKey, Developer, User } from './accounts.types.js';
export { API_KEY_SCOPES, type ApiKeyScope } from './api-key-scopes.js';

/** What other modules may know about any user. */
export interface UserMeta {
  id: string;
  displayName: string;
  country: string;
  createdAt: string;
}

/** Who is making a request, and through what. */
export interface Principal {
  user: User;
  via: 'session' | 'api_key';
  sessionKind?: 'web' | 'device';
  /** Scopes of an API key; sessions carry every scope of their role. */
  scopes: readonly string[] | null;
  tokenHash: string;
}

const ROLE_RANK: Record<UserRole, number> = { customer: 0, developer: 1, moderator: 2, admin: 3 };
export const roleAtLeast = (role: UserRole, min: UserRole) => ROLE_RANK[role] >= ROLE_RANK[min];

/** Path segments that must never be a developer slug (/developers/me/...). */
const RESERVED_SLUGS = new Set(['me', 'new', 'admin', 'api', 'settings']);

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'developer';
}

const toUser = (r: repo.UserRow, developerId: string | null): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  country: r.country,
  createdAt: r.created_at,
  developerId,
});

export const toDeveloper = (r: repo.DeveloperRow): Developer => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  slug: r.slug,
  website: r.website,
  bio: r.bio,
  createdAt: r.created_at,
});

const toApiKey = (r: repo.ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: JSON.parse(r.scopes),
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export interface AccountsDeps {
  config: Config;
  clock: Clock;
  bus: EventBus;
  cache: Cache;
  hasher: PasswordHasher;
}

export class AccountsService {
  constructor(private readonly d: AccountsDeps) {}

  /** Creates a user. Throws `email_taken` when the address is in use. */
  async createUser(
    db: Db,
    input: { email: string; password: string; displayName: string; role?: UserRole; country?: string },
  ): Promise<User> {
    const now = this.d.clock.now().toISOString();
    const passwordHash = await this.d.hasher.hash(input.password);
    const row: repo.UserRow = {
      id: newId(),
      email: normaliseEmail(input.email),
      password_hash: passwordHash,
      display_name: input.displayName.trim(),
      role: input.role ?? 'customer',
      country: input.country ?? DEFAULT_COUNTRY,
      created_at: now,
      updated_at: now,
    };
    try {
      await inTransaction(db, async (trx) => {
        await repo.insertUser(trx, row);
        await this.d.bus.emit(trx, { type: 'user.created', aggregateId: row.id, payload: { userId: row.id, role: row.role } });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users.email')) throw new AppError('email_taken');
      throw err;
    }
    return toUser(row, null);
  }

  /** Sign-up: a customer account and a first session. */
  async signup(
    db: Db,
    input: { email: string; password: string; displayName: string; country?: string },
    meta: { kind: 'web' | 'device'; userAgent?: string },
  ): Promise<{ user: User; token: string; expiresAt: string }> {
    const user = await this.createUser(db, input);
    const session = await this.createSession(db, user.id, meta);
    return { user, ...session };
  }

  /**
   * Sign-in with throttling: after `maxFailures` wrong passwords for an email (or 4× that from
   * one address) within the window, further attempts get 429 until the window ends.
   */
  async login(
    db: Db,
    input: { email: string; password: string },
    meta: { kind: 'web' | 'device'; userAgent?: string; ip: string },
  ): Promise<{ user: User; token: string; expiresAt: string }> {
    const email = normaliseEmail(input.email);
    const { maxFailures, windowSeconds } = this.d.config.auth.login;
    const emailKey = `login-fail:e:${sha256Hex(email)}`;
    const ipKey = `login-fail:ip:${meta.ip}`;
    const [byEmail, byIp] = await Promise.all([this.d.cache.peek(emailKey), this.d.cache.peek(ipKey)]);
    const blocked = byEmail.count >= maxFailures ? byEmail : byIp.count >= maxFailures * 4 ? byIp : null;
    if (blocked) {
      const retry = String(Math.max(1, Math.ceil(blocked.resetMs / 1000)));
      throw new AppError('too_many_login_attempts', `Try again in ${retry} seconds`, undefined, { 'retry-after': retry });
    }
    const row = await repo.findUserByEmail(db, email);
    const ok = await this.d.hasher.verify(row?.password_hash, input.password);
    if (!row || !ok) {
      await Promise.all([this.d.cache.incr(emailKey, windowSeconds * 1000), this.d.cache.incr(ipKey, windowSeconds * 1000)]);
      throw new AppError('invalid_credentials');
    }
    await this.d.cache.del(emailKey);
    const dev = await repo.findDeveloperByUser(db, row.id);
    const session = await this.createSession(db, row.id, meta);
    return { user: toUser(row, dev?.id ?? null), ...session };
  }

  private async createSession(db: Executor, userId: string, meta: { kind: 'web' | 'device'; userAgent?: string }) {
    const token = `os_${randomToken(32)}`;
    const now = this.d.clock.now();
    const expiresAt = new Date(now.getTime() + this.d.config.auth.sessionTtlDays * DAY_MS).toISOString();
    await repo.insertSession(db, {
      token_hash: sha256Hex(token),
      user_id: userId,
      kind: meta.kind,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
    });
    return { token, expiresAt };
  }

  async logout(db: Db, principal: Principal): Promise<void> {
    if (principal.via === 'session') await repo.deleteSession(db, principal.tokenHash);
  }

  /** Resolves a bearer token or cookie value to a principal; null when unknown, expired or revoked. */
  async resolve(db: Db, token: string): Promise<Principal | null> {
    if (token.length > 200) return null;
    const tokenHash = sha256Hex(token);
    const now = this.d.clock.now();
    if (token.startsWith('ok_')) {
      const k = await repo.findApiKeyWithDeveloper(db, tokenHash);
      if (!k || k.revoked_at || !k.user_id || !k.email || !k.role) return null;
      if (!k.last_used_at || now.getTime() - Date.parse(k.last_used_at) > 60_000) await repo.touchApiKey(db, k.id, now.toISOString());
      return {
        user: {
          id: k.user_id,
          email: k.email,
          displayName: k.display_name ?? '',
          role: k.role,
          country: k.country ?? DEFAULT_COUNTRY,
          createdAt: k.user_created_at ?? '',
          developerId: k.developer_id,
        },
        via: 'api_key',
        scopes: JSON.parse(k.scopes),
        tokenHash,
      };
    }
    const s = await repo.findSessionWithUser(db, tokenHash);
    if (!s || s.expires_at <= now.toISOString()) return null;
    // Writing last_seen on every request would turn reads into writes; five minutes is enough.
    if (now.getTime() - Date.parse(s.last_seen_at) > 5 * 60_000) await repo.touchSession(db, tokenHash, now.toISOString());
    return {
      user: {
        id: s.user_id,
        email: s.email,
        displayName: s.display_name,
        role: s.role,
        country: s.country,
        createdAt: s.user_created_at,
        developerId: s.developer_id,
      },
      via: 'session',
      sessionKind: s.kind,
      scopes: null,
      tokenHash,
    };
  }

  async getUser(db: Executor, id: string): Promise<User> {
    const row = await repo.findUserById(db, id);
    if (!row) throw new AppError('user_not_found');
    const dev = await repo.findDeveloperByUser(db, id);
    return toUser(row, dev?.id ?? null);
  }

  /**
   * Public facts about many users at once (display name, country, account age) for modules that
   * show or weigh other people's contributions, such as reviews and review integrity.
   */
  async getUsersMeta(db: Executor, ids: string[]): Promise<Map<string, UserMeta>> {
    const out = new Map<string, UserMeta>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500)
      for (const r of await repo.findUsersMeta(db, unique.slice(i, i + 500)))
        out.set(r.id, { id: r.id, displayName: r.display_name, country: r.country, createdAt: r.created_at });
    return out;
  }

  async findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
    const row = await repo.findUserByEmail(db, normaliseEmail(email));
    if (!row) return undefined;
    const dev = await repo.findDeveloperByUser(db, row.id);
    return toUser(row, dev?.id ?? null);
  }

  async updateProfile(db: Db, userId: string, patch: { displayName?: string; country?: string }): Promise<User> {
    await repo.updateUserProfile(
      db,
      userId,
      {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
        ...(patch.country !== undefined ? { country: patch.country } : {}),
      },
      this.d.clock.now().toISOString(),
    );
    return this.getUser(db, userId);
  }

  async setRole(db: Db, userId: string, role: UserRole): Promise<User> {
    const r = await repo.setUserRole(db, userId, role, this.d.clock.now().toISOString());
    if (Number(r.numUpdatedRows) === 0) throw new AppError('user_not_found');
    return this.getUser(db, userId);
  }

  /** Turns a user into a developer with a public page at /developers/<slug>. */
  async becomeDeveloper(db: Db, user: User, input: { name: string; website?: string | null; bio?: string | null }): Promise<Developer> {
    return inTransaction(db, async (trx) => {
      if (await repo.findDeveloperByUser(trx, user.id)) throw new AppError('already_developer');
      const dev = await this.insertDeveloper(trx, { userId: user.id, ...input });
      if (user.role === 'customer') await repo.setUserRole(trx, user.id, 'developer', dev.createdAt);
      return dev;
    });
  }

  /** Finds developers by exact name, creating the missing ones without a user (catalog imports). */
  async ensureDevelopersByName(db: Executor, names: string[]): Promise<Map<string, Developer>> {
    const unique = [...new Set(names)];
    const found = new Map<string, Developer>();
    for (let i = 0; i < unique.length; i += 500) {
      for (const r of await repo.findDevelopersByNames(db, unique.slice(i, i + 500)))
        if (!found.has(r.name)) found.set(r.name, toDeveloper(r));
    }
    for (const name of unique) if (!found.has(name)) found.set(name, await this.insertDeveloper(db, { userId: null, name }));
    return found;
  }

  private async insertDeveloper(
    db: Executor,
    input: { userId: string | null; name: string; website?: string | null; bio?: string | null },
  ): Promise<Developer> {
    const now = this.d.clock.now().toISOString();
    const raw = slugify(input.name);
    const base = RESERVED_SLUGS.has(raw) ? `${raw}-dev` : raw;
    const taken = new Set((await repo.slugsStartingWith(db, base)).map((r) => r.slug));
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const row: repo.DeveloperRow = {
      id: newId(),
      user_id: input.userId,
      name: input.name.trim(),
      slug,
      website: input.website ?? null,
      bio: input.bio ?? null,
      created_at: now,
      updated_at: now,
    };
    await repo.insertDeveloper(db, row);
    await this.d.bus.emit(db, {
      type: 'developer.created',
      aggregateId: row.id,
      payload: { developerId: row.id, userId: row.user_id, name: row.name, slug },
    });
    return toDeveloper(row);
  }

  async updateDeveloper(db: Db, developerId: string, patch: { name?: string; website?: string | null; bio?: string | null }) {
    return inTransaction(db, async (trx) => {
      await repo.updateDeveloper(trx, developerId, patch, this.d.clock.now().toISOString());
      const dev = await repo.findDeveloperById(trx, developerId);
      if (!dev) throw new AppError('developer_not_found');
      if (patch.name !== undefined)
        await this.d.bus.emit(trx, { type: 'developer.updated', aggregateId: dev.id, payload: { developerId: dev.id, name: dev.name } });
      return toDeveloper(dev);
    });
  }

  async getDeveloper(db: Executor, id: string): Promise<Developer> {
    const r = await repo.findDeveloperById(db, id);
    if (!r) throw new AppError('developer_not_found');
    return toDeveloper(r);
  }

  async getDeveloperBySlug(db: Executor, slug: string): Promise<Developer> {
    const r = await repo.findDeveloperBySlug(db, slug);
    if (!r) throw new AppError('developer_not_found');
    return toDeveloper(r);
  }

  /** Creates an API key; the secret is returned once and only its hash is kept. */
  async createApiKey(db: Db, developerId: string, input: { name: string; scopes: string[] }) {
    const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
    const secret = `ok_${prefix}_${randomToken(24)}`;
    const row: repo.ApiKeyRow = {
      id: newId(),
      developer_id: developerId,
      name: input.name.trim(),
      prefix,
      key_hash: sha256Hex(secret),
      scopes: JSON.stringify([...new Set(input.scopes)].sort()),
      created_at: this.d.clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await repo.insertApiKey(db, row);
    return { apiKey: toApiKey(row), secret };
  }

  async listApiKeys(db: Db, developerId: string): Promise<ApiKey[]> {
    return (await repo.listApiKeys(db, developerId)).map(toApiKey);
  }

  async revokeApiKey(db: Db, developerId: string, id: string): Promise<void> {
    const r = await repo.revokeApiKey(db, developerId, id, this.d.clock.now().toISOString());
    if (Number(r.numUpdatedRows) === 0) throw new AppError('api_key_not_found');
  }

  /** Bulk-loads users and developers (demo seeding); rows are written as given, no events. */
  async bulkLoad(database: Database, users: repo.UserRow[], developers: repo.DeveloperRow[]): Promise<void> {
    await bulkInsert(database, 'users', users);
    await bulkInsert(database, 'developers', developers);
  }

  /** A password hash to reuse for many seeded accounts (hashing each would take minutes). */
  hashPassword(password: string): Promise<string> {
    return this.d.hasher.hash(password);
  }

  async purgeExpiredSessions(db: Db): Promise<number> {
    const r = await repo.deleteExpiredSessions(db, this.d.clock.now().toISOString());
    return Number(r.numDeletedRows);
  }
}
