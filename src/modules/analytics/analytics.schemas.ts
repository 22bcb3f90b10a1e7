import { Type } from 'typebox';
import { errors, Nullable, Obj, Res } from '../../http/schemas.js';
import { BUNDLE_ID_PATTERN } from '../catalog/catalog.service.js';
import { USAGE_KINDS } from './analytics.service.js';

export const BundleId = Type.String({ minLength: 3, maxLength: 155, pattern: BUNDLE_ID_PATTERN });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'UTC day YYYY-MM-DD' });

const UsageEvent = Obj({
  id: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Device-chosen unique id (dedup key)' }),
  type: Type.Enum([...USAGE_KINDS]),
  // lenient here: an unknown app is rejected per event, not for the whole batch
  bundleId: Type.String({ minLength: 1, maxLength: 255 }),
  at: Type.String({ minLength: 10, maxLength: 40, description: 'ISO-8601 time on the device' }),
  durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
});

export const ingest = {
  tags: ['analytics'],
  summary: 'Report device usage events (at most 1,000 per call; deduplicated by id; bad events rejected one by one)',
  body: Obj({ events: Type.Array(UsageEvent, { minItems: 1, maxItems: 10_000 }) }),
  response: {
    200: Res({
      accepted: Type.Integer(),
      duplicates: Type.Integer(),
      rejected: Type.Integer(),
      errors: Type.Array(Res({ index: Type.Integer(), id: Type.String(), reason: Type.String() })),
    }),
    ...errors(400, 401, 403, 413),
  },
};

const Range = Obj({ from: Type.Optional(Day), to: Type.Optional(Day) });

export const engagement = {
  tags: ['developer console'],
  summary: 'Daily engagement of an app: DAU, MAU, sessions, average session minutes, day-1/day-7 retention of each install cohort',
  params: Obj({ bundleId: BundleId }),
  querystring: Range,
  response: {
    200: Res({
      bundleId: Type.String(),
      from: Type.String(),
      to: Type.String(),
      days: Type.Array(
        Res({
          day: Type.String(),
          dau: Type.Integer(),
          mau: Type.Integer(),
          sessions: Type.Integer(),
          avgSessionMinutes: Type.Number(),
          cohort: Type.Integer(),
          day1Retention: Nullable(Type.Number()),
          day7Retention: Nullable(Type.Number()),
        }),
      ),
    }),
    ...errors(400, 401, 403, 404),
  },
};

export const revenue = {
  tags: ['developer console'],
  summary: 'Revenue (minor units, net of refunds) and downloads per day and country',
  params: Obj({ bundleId: BundleId }),
  querystring: Range,
  response: {
    200: Res({
      bundleId: Type.String(),
      from: Type.String(),
      to: Type.String(),
      revenue: Type.Array(
        Res({
          day: Type.String(),
          country: Type.String(),
          currency: Type.String(),
          amountMinor: Type.Integer(),
          purchases: Type.Integer(),
          refunds: Type.Integer(),
        }),
      ),
      downloads: Type.Array(Res({ day: Type.String(), country: Type.String(), count: Type.Integer() })),
    }),
    ...errors(400, 401, 403, 404),
  },
};
