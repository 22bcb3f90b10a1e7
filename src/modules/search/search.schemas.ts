import { Type } from 'typebox';
import { errors, Nullable, Obj, Res } from '../../http/schemas.js';

// Limits are checked by the service so each gets its own problem code (query_too_long, invalid_limit…).
export const search = {
  tags: ['search'],
  summary: 'Ranked apps for a query, with filters, category facets and a did-you-mean (CONTRACT)',
  querystring: Obj({
    q: Type.Optional(Type.String({ description: 'Up to 256 characters; empty with a filter browses by popularity' })),
    category: Type.Optional(Type.String({ description: 'Category name or slug' })),
    price: Type.Optional(Type.Enum(['free', 'paid'])),
    minRating: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'Storefront: only apps sold there' })),
    limit: Type.Optional(Type.Integer({ description: '1..50, default 20' })),
    offset: Type.Optional(Type.Integer({ description: '0..10000' })),
  }),
  response: {
    200: Res({
      results: Type.Array(
        Res({
          bundleId: Type.String(),
          name: Type.String(),
          subtitle: Type.String(),
          developer: Type.String(),
          category: Type.String(),
          priceMinor: Type.Integer(),
          currency: Type.String(),
          ratingAverage: Type.Number(),
          ratingCount: Type.Integer(),
          iconUrl: Nullable(Type.String()),
          score: Type.Number(),
        }),
      ),
      total: Type.Integer(),
      totalExact: Type.Boolean({ description: 'false when a very common query was counted on a sample' }),
      tookMs: Type.Number(),
      degraded: Type.Boolean({ description: 'true when answered by the database fallback' }),
      facets: Type.Array(Res({ category: Type.String(), slug: Type.String(), count: Type.Integer() })),
      didYouMean: Nullable(Type.String()),
      terms: Type.Array(Type.String()),
    }),
    ...errors(400),
  },
};

export const suggest = {
  tags: ['search'],
  summary: 'App names and query completions for a prefix (CONTRACT)',
  querystring: Obj({ q: Type.Optional(Type.String()) }),
  response: {
    200: Res({ suggestions: Type.Array(Res({ text: Type.String(), bundleId: Type.Optional(Type.String()) })) }),
    ...errors(400),
  },
};

export const trending = {
  tags: ['search'],
  summary: 'The most searched queries of the last week that found apps',
  querystring: Obj({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
  response: { 200: Res({ queries: Type.Array(Res({ query: Type.String(), count: Type.Integer() })) }), ...errors(400) },
};
