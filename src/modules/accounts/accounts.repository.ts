/** All SQL of the accounts module. Functions take the database or an open transaction first. */
import type { Executor } from '../../db/database.js';
import type { ApiKeysTable, DevelopersTable, SessionsTable, UserRole, UsersTable } from './accounts.tables.js';

export type UserRow = UsersTable;
export type DeveloperRow = DevelopersTable;
export type ApiKeyRow = ApiKeysTable;

export const insertUser = (db: Executor, row: UsersTable) => db.insertInto('users').values(row).execute();

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export const findUserById = (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUsersMeta = (db: Executor, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([] as Array<Pick<UsersTable, 'id' | 'display_name' | 'country' | 'created_at'>>)
    : db.selectFrom('users').select(['id', 'display_name', 'country', 'created_at']).where('id', 'in', ids).execute();

export const setUserRole = (db: Executor, id: string, role: UserRole, now: string) =>
  db.updateTable('users').set({ role, updated_at: now }).where('id', '=', id).executeTakeFirst();

export const updateUserProfile = (db: Executor, id: string, patch: Partial<Pick<UsersTable, 'display_name' | 'country'>>, now: string) =>
  db
    .updateTable('users')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();

export const insertSession = (db: Executor, row: SessionsTable) => db.insertInto('sessions').values(row).execute();

/** The session and its user in one query (every authenticated request does this). */
export const findSessionWithUser = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('developers as d', 'd.user_id', 'u.id')
    .select([
      's.token_hash',
      's.kind',
      's.expires_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.country',
      'u.created_at as user_created_at',
      'd.id as developer_id',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const touchSession = (db: Executor, tokenHash: string, now: string) =>
  db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();

export const deleteSession = (db: Executor, tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();

export const deleteExpiredSessions = (db: Executor, now: string) =>
  db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();

export const insertDeveloper = (db: Executor, row: DevelopersTable) => db.insertInto('developers').values(row).execute();

export const findDeveloperByUser = (db: Executor, userId: string) =>
  db.selectFrom('developers').selectAll().where('user_id', '=', userId).executeTakeFirst();

export const findDeveloperById = (db: Executor, id: string) =>
  db.selectFrom('developers').selectAll().where('id', '=', id).executeTakeFirst();

export const findDeveloperBySlug = (db: Executor, slug: string) =>
  db.selectFrom('developers').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findDevelopersByNames = (db: Executor, names: string[]) =>
  names.length === 0
    ? Promise.resolve([] as DevelopersTable[])
    : db.selectFrom('developers').selectAll().where('name', 'in', names).orderBy('created_at').execute();

export const slugsStartingWith = (db: Executor, base: string) =>
  db
    .selectFrom('developers')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();

export const updateDeveloper = (db: Executor, id: string, patch: Partial<Pick<DevelopersTable, 'name' | 'website' | 'bio'>>, now: string) =>
  db
    .updateTable('developers')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();

export const insertApiKey = (db: Executor, row: ApiKeysTable) => db.insertInto('api_keys').values(row).execute();

export const listApiKeys = (db: Executor, developerId: string) =>
  db.selectFrom('api_keys').selectAll().where('developer_id', '=', developerId).orderBy('created_at', 'desc').execute();

export const revokeApiKey = (db: Executor, developerId: string, id: string, now: string) =>
  db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('developer_id', '=', developerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const findApiKeyWithDeveloper = (db: Executor, keyHash: string) =>
  db
    .selectFrom('api_keys as k')
    .innerJoin('developers as d', 'd.id', 'k.developer_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'k.id',
      'k.scopes',
      'k.revoked_at',
      'k.last_used_at',
      'd.id as developer_id',
      'u.id as user_id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.country',
      'u.created_at as user_created_at',
    ])
    .where('k.key_hash', '=', keyHash)
    .executeTakeFirst();

export const touchApiKey = (db: Executor, id: string, now: string) =>
  db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
