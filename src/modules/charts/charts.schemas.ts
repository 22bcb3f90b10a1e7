import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res } from '../../http/schemas.js';
import { BundleId, Day } from '../analytics/analytics.schemas.js';
import { AppCard } from '../catalog/catalog.schemas.js';

export const Movement = Type.Enum(['new', 'up', 'down', 'same']);

export const chart = {
  tags: ['charts'],
  summary: 'A top chart (free, paid or grossing) of a country and category, as last computed (hourly)',
  querystring: Obj({
    type: Type.String({ minLength: 1, maxLength: 16, description: 'free | paid | grossing' }),
    country: Type.String({ minLength: 2, maxLength: 2, description: 'Storefront country code' }),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Category name or slug; omit for all' })),
    ...Pagination,
  }),
  response: {
    200: Res({
      type: Type.String(),
      country: Type.String(),
      category: Type.String(),
      computedAt: Nullable(Type.String()),
      total: Type.Integer(),
      entries: Type.Array(
        Res({ rank: Type.Integer(), previousRank: Nullable(Type.Integer()), movement: Movement, score: Type.Number(), app: AppCard }),
      ),
    }),
    ...errors(400),
  },
};

export const positions = {
  tags: ['developer console'],
  summary: "An app's chart positions: where it stands now and its daily best/last rank per chart",
  params: Obj({ bundleId: BundleId }),
  querystring: Obj({ from: Type.Optional(Day), to: Type.Optional(Day) }),
  response: {
    200: Res({
      bundleId: Type.String(),
      computedAt: Nullable(Type.String()),
      current: Type.Array(
        Res({
          type: Type.String(),
          country: Type.String(),
          category: Type.String(),
          rank: Type.Integer(),
          previousRank: Nullable(Type.Integer()),
          movement: Movement,
        }),
      ),
      history: Type.Array(
        Res({
          type: Type.String(),
          country: Type.String(),
          category: Type.String(),
          day: Type.String(),
          bestRank: Type.Integer(),
          lastRank: Type.Integer(),
        }),
      ),
    }),
    ...errors(400, 401, 403, 404),
  },
};

const IncidentStatus = Type.Enum(['open', 'released', 'confirmed']);
const Incident = Res({
  id: Type.String(),
  appId: Type.String(),
  bundleId: Nullable(Type.String()),
  appName: Nullable(Type.String()),
  day: Type.String(),
  observed: Type.Integer({ description: 'Downloads that day' }),
  baseline: Type.Number({ description: "Median of the app's daily downloads before" }),
  threshold: Type.Number(),
  held: Type.Integer({ description: 'Downloads kept out of the charts until reviewed' }),
  zScore: Type.Number(),
  status: IncidentStatus,
  openedAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const incidents = {
  tags: ['moderation'],
  summary: 'Download spikes held out of the charts, newest first',
  querystring: Obj({ status: Type.Optional(IncidentStatus), ...Pagination }),
  response: { 200: Res({ total: Type.Integer(), incidents: Type.Array(Incident) }), ...errors(400, 401, 403) },
};

export const resolveIncident = {
  tags: ['moderation'],
  summary: 'Release the held downloads (they count from the next run) or confirm the manipulation (they never count)',
  params: Obj({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
  body: Obj({ resolution: Type.Enum(['release', 'confirm']), note: Type.Optional(Type.String({ maxLength: 2000 })) }),
  response: { 200: Res({ incident: Incident }), ...errors(400, 401, 403, 404, 409) },
};

export const runNow = {
  tags: ['charts'],
  summary: 'Recompute every chart now (admins; normally hourly)',
  response: {
    200: Res({
      runId: Type.String(),
      apps: Type.Integer(),
      lists: Type.Integer(),
      entries: Type.Integer(),
      incidentsOpened: Type.Integer(),
      durationMs: Type.Integer(),
    }),
    ...errors(401, 403),
  },
};
