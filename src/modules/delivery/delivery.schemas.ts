import { Type } from 'typebox';
import { errors, Obj, Res } from '../../http/schemas.js';
import { countryCodes } from '../../platform/storefronts.js';
import { BUNDLE_ID_PATTERN } from '../catalog/catalog.service.js';
import { PLATFORMS } from '../releases/releases.tables.js';
import { OS_VERSION_PATTERN } from '../releases/semver.js';
import { MAX_INSTALLED } from './delivery.service.js';

const BundleId = Type.String({ minLength: 3, maxLength: 155, pattern: BUNDLE_ID_PATTERN });
const Platform = Type.Enum([...PLATFORMS]);
const OsVersion = Type.String({ maxLength: 24, pattern: OS_VERSION_PATTERN, description: 'Dotted OS version, e.g. 17.4' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'UTC day YYYY-MM-DD' });

const Offer = Res({
  bundleId: Type.String(),
  version: Type.String(),
  buildNumber: Type.Integer(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  downloadUrl: Type.String({ description: 'Short-lived signed URL (supports Range, ETag)' }),
  releaseNotes: Type.String(),
  permissionsAdded: Type.Array(Type.String(), { description: 'Permissions the build declares that the installed build did not' }),
  signedMetadata: Type.String({
    description: 'Compact JWS (ES256) over the build identity and sha256; keys at /api/v1/builds/signing-keys',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const checkUpdates = {
  tags: ['delivery'],
  summary: 'Updates for installed apps the caller owns (platform, minimum OS and phased releases honoured)',
  body: Obj({
    platform: Platform,
    osVersion: OsVersion,
    installed: Type.Array(
      // unknown bundle ids are ignored rather than refused, so the pattern is lenient here
      Obj({ bundleId: Type.String({ minLength: 1, maxLength: 255 }), buildNumber: Type.Integer({ minimum: 0, maximum: 2_000_000_000 }) }),
      { maxItems: MAX_INSTALLED },
    ),
  }),
  response: { 200: Res({ updates: Type.Array(Offer) }), ...errors(400, 401, 403) },
};

export const downloadTicket = {
  tags: ['delivery'],
  summary: 'A signed download of the newest build for a fresh install',
  params: Obj({ bundleId: BundleId }),
  querystring: Obj({ platform: Type.Optional(Platform), osVersion: Type.Optional(OsVersion) }),
  response: { 200: Res({ download: Offer }), ...errors(400, 401, 403, 404) },
};

export const getFree = {
  tags: ['delivery'],
  summary: 'Get a free app (grants the entitlement; repeating is harmless)',
  params: Obj({ bundleId: BundleId }),
  response: {
    200: Res({ bundleId: Type.String(), created: Type.Boolean() }),
    201: Res({ bundleId: Type.String(), created: Type.Boolean() }),
    ...errors(401, 402, 403, 404),
  },
};

const Counts = { install: Type.Integer(), redownload: Type.Integer(), update: Type.Integer() };

export const downloadAnalytics = {
  tags: ['developer console'],
  summary: 'Downloads per day by country (first installs, re-downloads, updates); default the last 30 days',
  params: Obj({ bundleId: BundleId }),
  querystring: Obj({ from: Type.Optional(Day), to: Type.Optional(Day), country: Type.Optional(Type.Enum([...countryCodes])) }),
  response: {
    200: Res({
      bundleId: Type.String(),
      from: Type.String(),
      to: Type.String(),
      days: Type.Array(Res({ day: Type.String(), country: Type.String(), ...Counts })),
      byCountry: Type.Array(Res({ country: Type.String(), ...Counts })),
      totals: Res(Counts),
    }),
    ...errors(400, 401, 403, 404),
  },
};

export const blob = {
  tags: ['delivery'],
  summary: 'A build package through a signed URL (Range, ETag/If-None-Match, X-Content-SHA256)',
  params: Obj({ buildId: Type.String({ minLength: 1, maxLength: 64 }) }),
  // all optional: a URL with parts cut off is a tampered URL (403), not a bad request
  querystring: Obj({
    u: Type.Optional(Type.String({ maxLength: 64 })),
    c: Type.Optional(Type.String({ maxLength: 8 })),
    p: Type.Optional(Type.String({ maxLength: 1 })),
    e: Type.Optional(Type.String({ maxLength: 16 })),
    s: Type.Optional(Type.String({ maxLength: 64 })),
  }),
};
