import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp, Uuid } from '../../http/schemas.js';
import { BundleId, PlainText, Review } from '../reviews/reviews.schemas.js';

const ModerationReview = Res({
  ...Review.properties,
  userId: Type.String(),
  heldBy: Nullable(Type.String()),
  reportCount: Type.Integer(),
  deleted: Type.Boolean(),
});

const SignalValues = Res({
  velocity: Type.Number(),
  content: Type.Number(),
  accountAge: Type.Number(),
  verifiedPurchase: Type.Number(),
  coordination: Type.Number(),
  originality: Type.Number(),
});

const Decision = Res({
  action: Type.String(),
  score: Type.Number({ description: 'Combined trust score, 0..1 (1 = trustworthy)' }),
  ruleScore: Type.Number(),
  modelScore: Nullable(Type.Number()),
  modelVersion: Nullable(Type.Integer()),
  signals: SignalValues,
  reasons: Type.Array(Type.String()),
  heldBy: Nullable(Type.String()),
  revision: Type.Integer(),
  createdAt: Timestamp,
});

const Reason = PlainText(500, 1);
const Action = Type.Enum(['approve', 'reject']);

export const queue = {
  tags: ['moderation'],
  summary: 'Reviews waiting for a moderator, riskiest first, with signals and reasons',
  querystring: Obj({ bundleId: Type.Optional(BundleId), ...Pagination }),
  response: {
    200: Res({
      items: Type.Array(
        Res({ review: ModerationReview, score: Type.Number(), source: Type.String(), queuedAt: Timestamp, decision: Nullable(Decision) }),
      ),
      total: Type.Integer(),
      limit: Type.Integer(),
      offset: Type.Integer(),
    }),
    ...errors(400, 401, 403, 404),
  },
};

export const reviewDetail = {
  tags: ['moderation'],
  summary: 'A review with every integrity decision and its reports',
  params: Obj({ id: Uuid }),
  response: {
    200: Res({
      review: ModerationReview,
      decisions: Type.Array(Decision),
      reports: Type.Array(Res({ reason: Type.String(), note: Type.String(), createdAt: Timestamp })),
      queued: Type.Boolean(),
    }),
    ...errors(400, 401, 403, 404),
  },
};

export const decide = {
  tags: ['moderation'],
  summary: 'Approve or reject a review, with a reason (a label the model learns from)',
  params: Obj({ id: Uuid }),
  body: Obj({ action: Action, reason: Reason }),
  response: { 200: Res({ review: ModerationReview }), ...errors(400, 401, 403, 404) },
};

export const bulkDecide = {
  tags: ['moderation'],
  summary: 'Approve or reject many reviews at once; each succeeds or fails on its own',
  body: Obj({ ids: Type.Array(Uuid, { minItems: 1, maxItems: 200 }), action: Action, reason: Reason }),
  response: {
    200: Res({
      results: Type.Array(
        Res({ id: Type.String(), ok: Type.Boolean(), status: Type.Optional(Type.String()), error: Type.Optional(Type.String()) }),
      ),
    }),
    ...errors(400, 401, 403),
  },
};

const Incident = Res({
  id: Type.String(),
  appId: Type.String(),
  bundleId: Type.String(),
  direction: Type.Enum(['negative', 'positive']),
  status: Type.Enum(['open', 'resolved']),
  windowStart: Timestamp,
  observed: Type.Integer({ description: 'Reviews of this polarity in the window when detected' }),
  baselinePerHour: Type.Number(),
  held: Type.Integer({ description: 'Reviews held out of the rating now' }),
  detectedAt: Timestamp,
  resolvedAt: Nullable(Timestamp),
  resolvedBy: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const incidents = {
  tags: ['moderation'],
  summary: 'Review-bombing incidents, newest first',
  querystring: Obj({ status: Type.Optional(Type.Enum(['open', 'resolved'])), bundleId: Type.Optional(BundleId), ...Pagination }),
  response: { 200: Res({ incidents: Type.Array(Incident), limit: Type.Integer(), offset: Type.Integer() }), ...errors(400, 401, 403, 404) },
};

export const incident = {
  tags: ['moderation'],
  summary: 'One incident',
  params: Obj({ id: Uuid }),
  response: { 200: Res({ incident: Incident }), ...errors(400, 401, 403, 404) },
};

export const resolveIncident = {
  tags: ['moderation'],
  summary: 'Resolve an incident: release the held reviews, or reject them all',
  params: Obj({ id: Uuid }),
  body: Obj({ resolution: Type.Enum(['release', 'reject']), note: Reason }),
  response: { 200: Res({ incident: Incident }), ...errors(400, 401, 403, 404, 409) },
};

export const audit = {
  tags: ['moderation'],
  summary: 'Audit log of moderator actions, newest first',
  querystring: Obj({ actorId: Type.Optional(Uuid), targetId: Type.Optional(Uuid), ...Pagination }),
  response: {
    200: Res({
      entries: Type.Array(
        Res({
          id: Type.String(),
          actorId: Type.String(),
          action: Type.String(),
          targetType: Type.String(),
          targetId: Type.String(),
          reason: Type.String(),
          details: Type.Record(Type.String(), Type.Unknown()),
          createdAt: Timestamp,
        }),
      ),
      limit: Type.Integer(),
      offset: Type.Integer(),
    }),
    ...errors(400, 401, 403),
  },
};

const ModelMetrics = Res({
  n: Type.Integer(),
  accuracy: Type.Number(),
  precision: Type.Number(),
  recall: Type.Number(),
  f1: Type.Number(),
});
const ModelVersion = Res({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  metrics: ModelMetrics,
  liveMetrics: Nullable(ModelMetrics),
  labels: Type.Integer(),
  trainSeconds: Type.Number(),
  trigger: Type.String(),
  createdAt: Timestamp,
  promotedAt: Nullable(Timestamp),
});

export const models = {
  tags: ['moderation'],
  summary: 'Integrity model versions with their held-out metrics',
  response: { 200: Res({ models: Type.Array(ModelVersion) }), ...errors(401, 403) },
};

export const retrain = {
  tags: ['moderation'],
  summary: 'Retrain the integrity model now from every label; promoted only when not worse',
  body: Type.Optional(Obj({ force: Type.Optional(Type.Boolean({ description: 'Promote even if worse (admins only)' })) })),
  response: {
    200: Res({
      version: Type.Integer(),
      promoted: Type.Boolean(),
      metrics: ModelMetrics,
      liveMetrics: Nullable(ModelMetrics),
      labels: Type.Integer(),
      trainSeconds: Type.Number(),
    }),
    ...errors(400, 401, 403, 422),
  },
};
