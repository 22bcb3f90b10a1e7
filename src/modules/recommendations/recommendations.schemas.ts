import { Type } from 'typebox';
import { errors, Obj, Res } from '../../http/schemas.js';
import { BundleId } from '../analytics/analytics.schemas.js';
import { AppCard } from '../catalog/catalog.schemas.js';

export const mine = {
  tags: ['recommendations'],
  summary: 'Personal recommendation sections: because you downloaded X, apps you might like, popular in your categories',
  response: {
    200: Type.Array(
      Res({
        type: Type.Enum(['because_you_downloaded', 'you_might_like', 'popular_in_category', 'popular']),
        reason: Type.String(),
        apps: Type.Array(AppCard),
      }),
    ),
    ...errors(401, 403),
  },
};

export const similar = {
  tags: ['recommendations'],
  summary: '"You might also like": apps similar to this one (co-downloads and content)',
  params: Obj({ bundleId: BundleId }),
  querystring: Obj({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 10 })) }),
  response: { 200: Res({ apps: Type.Array(AppCard) }), ...errors(400, 404) },
};

export const train = {
  tags: ['recommendations'],
  summary: 'Retrain the recommendation neighbours now (admins; normally every few hours)',
  response: {
    200: Res({
      runId: Type.String(),
      users: Type.Integer(),
      apps: Type.Integer(),
      interactions: Type.Integer(),
      durationMs: Type.Integer(),
    }),
    ...errors(401, 403),
  },
};
