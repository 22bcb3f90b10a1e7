import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp } from '../../http/schemas.js';
import { BUNDLE_ID_PATTERN } from '../catalog/catalog.service.js';
import { PLATFORMS, RELEASE_MODES, VERSION_STATES } from './releases.tables.js';
import { OS_VERSION_PATTERN, SEMVER_PATTERN } from './semver.js';

const BundleId = Type.String({ minLength: 3, maxLength: 155, pattern: BUNDLE_ID_PATTERN });
const SemVer = Type.String({ maxLength: 64, pattern: SEMVER_PATTERN, description: 'Semantic version, e.g. 2.1.0' });
const OsVersion = Type.String({ maxLength: 24, pattern: OS_VERSION_PATTERN, description: 'Dotted OS version, e.g. 14.2' });
const Platform = Type.Enum([...PLATFORMS]);
const BuildNumber = Type.Integer({ minimum: 1, maximum: 2_000_000_000 });
const Permission = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const MinOs = Type.Object(Object.fromEntries(PLATFORMS.map((p) => [p, Type.Optional(OsVersion)])), { additionalProperties: false });
const MinOsRes = Res(Object.fromEntries(PLATFORMS.map((p) => [p, Type.Optional(Type.String())])));

export const Build = Res({
  id: Type.String(),
  bundleId: Type.String(),
  version: Type.String(),
  buildNumber: Type.Integer(),
  platforms: Type.Array(Type.String()),
  minOs: MinOsRes,
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  releaseNotes: Type.String(),
  permissions: Type.Array(Type.String()),
  signedMetadata: Type.String({ description: 'Compact JWS (ES256) over buildId, bundleId, version, buildNumber, sha256, sizeBytes' }),
  createdAt: Timestamp,
});

const Upload = Res({
  id: Type.String(),
  bundleId: Type.String(),
  sizeBytes: Type.Integer(),
  offset: Type.Integer({ description: 'Bytes received so far; PATCH the next chunk at this offset' }),
  status: Type.Enum(['open', 'complete', 'failed']),
  error: Nullable(Type.String()),
  expiresAt: Timestamp,
  uploadUrl: Type.String(),
  build: Nullable(Build),
});

const Check = Res({ name: Type.String(), ok: Type.Boolean(), blocking: Type.Boolean(), message: Type.String() });
const Checks = Res({ ranAt: Timestamp, passed: Type.Boolean(), results: Type.Array(Check), permissionsAdded: Type.Array(Type.String()) });
const Reason = Obj({ code: Type.Optional(Type.String({ maxLength: 60 })), message: Type.String({ minLength: 1, maxLength: 2000 }) });

const Rollout = Res({
  status: Type.Enum(['active', 'paused', 'halted', 'complete']),
  percent: Type.Number({ description: 'Share of users offered the update now' }),
  day: Type.Integer({ description: '1..7' }),
  pauseLeftMs: Type.Integer(),
  startedAt: Timestamp,
  pausedAt: Nullable(Timestamp),
  haltedAt: Nullable(Timestamp),
});

export const Version = Res({
  id: Type.String(),
  bundleId: Type.String(),
  version: Type.String(),
  state: Type.Enum([...VERSION_STATES]),
  releaseMode: Type.Enum([...RELEASE_MODES]),
  releaseNotes: Type.String(),
  build: Nullable(Build),
  checks: Nullable(Checks),
  submittedAt: Nullable(Timestamp),
  reviewedAt: Nullable(Timestamp),
  releasedAt: Nullable(Timestamp),
  rollout: Nullable(Rollout),
  allowedActions: Type.Array(Type.String()),
  history: Type.Array(
    Res({
      from: Nullable(Type.String()),
      to: Type.String(),
      action: Type.String(),
      actorRole: Type.String(),
      reasons: Nullable(Type.Array(Res({ code: Type.Optional(Type.String()), message: Type.String() }))),
      note: Nullable(Type.String()),
      at: Timestamp,
    }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Submission = Res({
  ...Version.properties,
  app: Res({ id: Type.String(), name: Type.String(), developer: Type.String(), category: Type.String(), iconUrl: Nullable(Type.String()) }),
});

const tags = ['developer console'];
const AppParams = Obj({ bundleId: BundleId });
const VersionParams = Obj({ bundleId: BundleId, version: SemVer });
const UploadParams = Obj({ id: Id });

export const createUpload = {
  tags,
  summary: 'Declare a build upload (metadata and size); then PUT the whole file or PATCH chunks',
  params: AppParams,
  body: Obj({
    version: SemVer,
    buildNumber: BuildNumber,
    platforms: Type.Array(Platform, { minItems: 1, maxItems: PLATFORMS.length, uniqueItems: true }),
    minOs: Type.Optional(MinOs),
    releaseNotes: Type.Optional(Type.String({ maxLength: 4000 })),
    permissions: Type.Optional(Type.Array(Permission, { maxItems: 100, uniqueItems: true })),
    sizeBytes: Type.Integer({ minimum: 1, description: 'Exact size of the package in bytes' }),
  }),
  response: { 201: Res({ upload: Upload }), ...errors(400, 401, 403, 404, 409, 413) },
};

export const getUpload = {
  tags,
  summary: 'Upload status; Upload-Offset tells where to resume (HEAD works too)',
  params: UploadParams,
  response: { 200: Res({ upload: Upload }), ...errors(401, 403, 404) },
};

export const putUpload = {
  tags,
  summary: 'Send the whole package in one streamed request (application/zip)',
  params: UploadParams,
  response: { 201: Res({ upload: Upload }), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
};

export const patchUpload = {
  tags,
  summary: 'Append a chunk at Upload-Offset (application/offset+octet-stream); the last one completes the build',
  params: UploadParams,
  headers: Type.Object({ 'upload-offset': Type.Integer({ minimum: 0 }) }),
  response: { 200: Res({ upload: Upload }), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
};

export const deleteUpload = {
  tags,
  summary: 'Abandon an upload',
  params: UploadParams,
  response: { 204: Type.Null(), ...errors(401, 403, 404) },
};

export const listBuilds = {
  tags,
  summary: 'Builds of an app, newest first',
  params: AppParams,
  querystring: Obj({ ...Pagination }),
  response: { 200: Res({ builds: Type.Array(Build) }), ...errors(401, 403, 404) },
};

export const getBuild = {
  tags,
  summary: 'One build',
  params: Obj({ bundleId: BundleId, buildNumber: BuildNumber }),
  response: { 200: Res({ build: Build }), ...errors(401, 403, 404) },
};

export const signingKeys = {
  tags: ['delivery'],
  summary: 'Public keys (JWK) that verify builds’ signed metadata',
  response: {
    200: Res({
      keys: Type.Array(
        Res({
          kty: Type.String(),
          crv: Type.String(),
          x: Type.String(),
          y: Type.String(),
          kid: Type.String(),
          alg: Type.String(),
          use: Type.String(),
        }),
      ),
    }),
  },
};

export const createVersion = {
  tags,
  summary: 'Start a new version (PREPARE_FOR_SUBMISSION)',
  params: AppParams,
  body: Obj({
    version: SemVer,
    releaseMode: Type.Optional(Type.Enum([...RELEASE_MODES])),
    releaseNotes: Type.Optional(Type.String({ maxLength: 4000 })),
    buildNumber: Type.Optional(BuildNumber),
  }),
  response: { 201: Res({ version: Version }), ...errors(400, 401, 403, 404, 409, 422) },
};

export const listVersions = {
  tags,
  summary: 'Versions of an app with status history',
  params: AppParams,
  response: { 200: Res({ versions: Type.Array(Version) }), ...errors(401, 403, 404) },
};

export const getVersion = {
  tags,
  summary: 'One version with checks, rollout and status history',
  params: VersionParams,
  response: { 200: Res({ version: Version }), ...errors(400, 401, 403, 404) },
};

export const updateVersion = {
  tags,
  summary: 'Choose the build, edit release notes or release mode (while preparing or after rejection)',
  params: VersionParams,
  body: Obj({
    buildNumber: Type.Optional(BuildNumber),
    releaseNotes: Type.Optional(Type.String({ maxLength: 4000 })),
    releaseMode: Type.Optional(Type.Enum([...RELEASE_MODES])),
  }),
  response: { 200: Res({ version: Version }), ...errors(400, 401, 403, 404, 409, 422) },
};

export const versionAction = {
  tags,
  params: VersionParams,
  response: { 200: Res({ version: Version }), ...errors(400, 401, 403, 404, 409, 422) },
};

export const releaseVersion = {
  ...versionAction,
  summary: 'Release an approved version now (optionally phased over 7 days)',
  body: Obj({ phased: Type.Optional(Type.Boolean()) }),
};

export const rolloutAction = {
  tags,
  summary: 'Pause (30 days at most), resume, halt, or complete a phased rollout',
  params: Obj({ bundleId: BundleId, version: SemVer, action: Type.Enum(['pause', 'resume', 'halt', 'complete']) }),
  response: { 200: Res({ version: Version }), ...errors(400, 401, 403, 404, 409) },
};

const reviewTags = ['moderation'];

export const reviewQueue = {
  tags: reviewTags,
  summary: 'Versions waiting for or in review, oldest first',
  querystring: Obj({ state: Type.Optional(Type.Enum(['WAITING_FOR_REVIEW', 'IN_REVIEW'])), ...Pagination }),
  response: { 200: Res({ submissions: Type.Array(Submission), total: Type.Integer() }), ...errors(400, 401, 403) },
};

export const reviewGet = {
  tags: reviewTags,
  summary: 'One submission',
  params: Obj({ id: Id }),
  response: { 200: Res({ submission: Submission }), ...errors(401, 403, 404) },
};

export const reviewStart = {
  ...reviewGet,
  summary: 'Start reviewing (WAITING_FOR_REVIEW → IN_REVIEW)',
  response: { ...reviewGet.response, ...errors(409) },
};

export const reviewApprove = {
  ...reviewStart,
  summary: 'Approve: manual versions wait for the developer, others go on sale',
  body: Obj({ note: Type.Optional(Type.String({ maxLength: 2000 })) }),
};

export const reviewReject = {
  ...reviewStart,
  summary: 'Reject with reasons the developer sees',
  body: Obj({ reasons: Type.Array(Reason, { minItems: 1, maxItems: 20 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }),
};
