/** All SQL of the releases module (builds, uploads, versions, their history). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AppVersionsTable, BuildsTable, BuildUploadsTable, VersionHistoryTable, VersionState } from './releases.tables.js';

export type BuildRow = Selectable<BuildsTable>;
export type UploadRow = Selectable<BuildUploadsTable>;
export type VersionRow = Selectable<AppVersionsTable>;
export type HistoryRow = Selectable<VersionHistoryTable>;

// builds
export const insertBuild = (db: Executor, row: BuildsTable) => db.insertInto('builds').values(row).execute();

export const findBuild = (db: Executor, id: string) =>
  db.selectFrom('builds').selectAll().where('id', '=', id).executeTakeFirst() as Promise<BuildRow | undefined>;

export const findBuildByNumber = (db: Executor, appId: string, buildNumber: number) =>
  db.selectFrom('builds').selectAll().where('app_id', '=', appId).where('build_number', '=', buildNumber).executeTakeFirst() as Promise<
    BuildRow | undefined
  >;

export const maxBuildNumber = async (db: Executor, appId: string): Promise<number> => {
  const r = await db
    .selectFrom('builds')
    .select((eb) => eb.fn.max('build_number').as('n'))
    .where('app_id', '=', appId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
};

export const listBuilds = (db: Executor, appId: string, limit: number, offset: number) =>
  db
    .selectFrom('builds')
    .selectAll()
    .where('app_id', '=', appId)
    .orderBy('build_number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute() as Promise<BuildRow[]>;

export const countBuildsWithSha = async (db: Executor, sha256: string): Promise<number> => {
  const r = await db
    .selectFrom('builds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
};

// uploads
export const insertUpload = (db: Executor, row: BuildUploadsTable) => db.insertInto('build_uploads').values(row).execute();

export const findUpload = (db: Executor, id: string) =>
  db.selectFrom('build_uploads').selectAll().where('id', '=', id).executeTakeFirst() as Promise<UploadRow | undefined>;

export const updateUpload = (db: Executor, id: string, patch: Updateable<BuildUploadsTable>) =>
  db.updateTable('build_uploads').set(patch).where('id', '=', id).executeTakeFirst();

/** Moves the offset forward only from where the caller saw it (two writers cannot both append). */
export const advanceUpload = (db: Executor, id: string, from: number, to: number, now: string) =>
  db
    .updateTable('build_uploads')
    .set({ received_bytes: to, updated_at: now })
    .where('id', '=', id)
    .where('received_bytes', '=', from)
    .where('status', '=', 'open')
    .executeTakeFirst();

export const expiredUploads = (db: Executor, now: string, limit: number) =>
  db.selectFrom('build_uploads').select(['id']).where('status', '=', 'open').where('expires_at', '<', now).limit(limit).execute();

// versions
type VersionBasics = Pick<
  AppVersionsTable,
  'id' | 'app_id' | 'bundle_id' | 'developer_id' | 'version' | 'state' | 'release_mode' | 'created_at'
>;

/** A full version row from its basics: everything not given starts empty. */
export const newVersionRow = (v: VersionBasics & Partial<AppVersionsTable>): AppVersionsTable => ({
  build_id: null,
  release_notes: '',
  checks: null,
  reviewer_id: null,
  submitted_at: null,
  reviewed_at: null,
  released_at: null,
  phased_started_at: null,
  phased_paused_at: null,
  phased_paused_ms: 0,
  phased_halted_at: null,
  updated_at: v.created_at,
  ...v,
});

export const insertVersion = (db: Executor, row: Insertable<AppVersionsTable>) => db.insertInto('app_versions').values(row).execute();

export const findVersion = (db: Executor, appId: string, version: string) =>
  db.selectFrom('app_versions').selectAll().where('app_id', '=', appId).where('version', '=', version).executeTakeFirst() as Promise<
    VersionRow | undefined
  >;

export const findVersionById = (db: Executor, id: string) =>
  db.selectFrom('app_versions').selectAll().where('id', '=', id).executeTakeFirst() as Promise<VersionRow | undefined>;

export const listVersions = (db: Executor, appId: string) =>
  db.selectFrom('app_versions').selectAll().where('app_id', '=', appId).orderBy('created_at', 'desc').execute() as Promise<VersionRow[]>;

export const updateVersion = (db: Executor, id: string, patch: Updateable<AppVersionsTable>) =>
  db.updateTable('app_versions').set(patch).where('id', '=', id).executeTakeFirst();

/** Compare-and-set on the state, so two reviewers (or a reviewer and the developer) cannot both move it. */
export const moveVersion = (db: Executor, id: string, from: VersionState, patch: Updateable<AppVersionsTable>) =>
  db.updateTable('app_versions').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();

export const reviewQueue = (db: Executor, states: VersionState[], limit: number, offset: number) =>
  db
    .selectFrom('app_versions')
    .selectAll()
    .where('state', 'in', states)
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute() as Promise<VersionRow[]>;

export const countQueue = async (db: Executor, states: VersionState[]) => {
  const r = await db
    .selectFrom('app_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', states)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
};

/** Phased rollouts that may still change by themselves (auto-resume, completion). */
export const liveRollouts = (db: Executor) =>
  db
    .selectFrom('app_versions')
    .selectAll()
    .where('state', '=', 'READY_FOR_SALE')
    .where('phased_started_at', 'is not', null)
    .where('phased_halted_at', 'is', null)
    .execute() as Promise<VersionRow[]>;

// history
export const insertHistory = (db: Executor, row: VersionHistoryTable) => db.insertInto('version_history').values(row).execute();

export const historyOf = (db: Executor, versionIds: string[]) =>
  versionIds.length === 0
    ? Promise.resolve([] as HistoryRow[])
    : (db.selectFrom('version_history').selectAll().where('version_id', 'in', versionIds).orderBy('at').orderBy('id').execute() as Promise<
        HistoryRow[]
      >);

// what devices may get
export type ReleasedRow = Pick<VersionRow, 'app_id' | 'bundle_id' | 'version' | 'released_at' | 'release_notes'> &
  Pick<VersionRow, 'phased_started_at' | 'phased_paused_at' | 'phased_paused_ms' | 'phased_halted_at'> &
  Pick<BuildRow, 'build_number' | 'platforms' | 'min_os' | 'size_bytes' | 'sha256' | 'permissions' | 'signed_metadata'> & {
    version_id: string;
    build_id: string;
    build_notes: string;
  };

const releasedQuery = (db: Executor) =>
  db
    .selectFrom('app_versions as v')
    .innerJoin('builds as b', 'b.id', 'v.build_id')
    .select([
      'v.id as version_id',
      'v.app_id',
      'v.bundle_id',
      'v.version',
      'v.released_at',
      'v.phased_started_at',
      'v.phased_paused_at',
      'v.phased_paused_ms',
      'v.phased_halted_at',
      'b.id as build_id',
      'b.build_number',
      'b.platforms',
      'b.min_os',
      'b.size_bytes',
      'b.sha256',
      'v.release_notes',
      'b.release_notes as build_notes',
      'b.permissions',
      'b.signed_metadata',
    ])
    .where('v.state', '=', 'READY_FOR_SALE');

/** Released versions (with their builds) of many apps at once, newest build first. */
export const releasedForBundles = (db: Executor, bundleIds: string[]) =>
  bundleIds.length === 0
    ? Promise.resolve([] as ReleasedRow[])
    : (releasedQuery(db).where('v.bundle_id', 'in', bundleIds).orderBy('b.build_number', 'desc').execute() as Promise<ReleasedRow[]>);

export const releasedForApp = (db: Executor, appId: string) =>
  releasedQuery(db).where('v.app_id', '=', appId).orderBy('b.build_number', 'desc').execute() as Promise<ReleasedRow[]>;

/** Permissions of the builds with these numbers, for "permissions added since the installed build". */
export const permissionsOfBuilds = async (db: Executor, pairs: Array<{ appId: string; buildNumber: number }>) => {
  if (pairs.length === 0) return [];
  // two IN lists use the (app_id, build_number) index; the cross pairs are dropped here
  const rows = await db
    .selectFrom('builds')
    .select(['app_id', 'build_number', 'permissions'])
    .where('app_id', 'in', [...new Set(pairs.map((p) => p.appId))])
    .where('build_number', 'in', [...new Set(pairs.map((p) => p.buildNumber))])
    .execute();
  const wanted = new Set(pairs.map((p) => `${p.appId}:${p.buildNumber}`));
  return rows.filter((r) => wanted.has(`${r.app_id}:${Number(r.build_number)}`));
};
