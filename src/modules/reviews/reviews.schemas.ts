import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp, Uuid } from '../../http/schemas.js';
import { countryCodes } from '../../platform/storefronts.js';
import { BUNDLE_ID_PATTERN } from '../catalog/catalog.service.js';

const Country = Type.Enum([...countryCodes]);
export const BundleId = Type.String({ minLength: 3, maxLength: 155, pattern: BUNDLE_ID_PATTERN });
/** Plain text, stored verbatim; NUL is refused (PostgreSQL text cannot hold it). */
export const PlainText = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000]*$' });
const Rating = Type.Integer({ minimum: 1, maximum: 5 });
const Version = Type.String({ minLength: 1, maxLength: 50 });
export const Sort = Type.Enum(['helpful', 'recent', 'critical', 'favorable']);
const Status = Type.Enum(['pending', 'approved', 'manual_review', 'rejected']);

export const DeveloperResponse = Res({ body: Type.String(), createdAt: Timestamp, updatedAt: Timestamp });

export const Review = Res({
  id: Type.String(),
  appId: Type.String(),
  bundleId: Type.String(),
  rating: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  appVersion: Type.String(),
  country: Type.String(),
  status: Status,
  author: Res({ displayName: Type.String() }),
  helpfulCount: Type.Integer(),
  unhelpfulCount: Type.Integer(),
  edited: Type.Boolean(),
  revision: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  response: Nullable(DeveloperResponse),
  myVote: Type.Optional(Nullable(Type.Enum(['helpful', 'not_helpful']))),
});

const ReviewParams = Obj({ id: Uuid });
const AppParams = Obj({ bundleId: BundleId });

export const submitReview = {
  tags: ['reviews'],
  summary: 'Write or edit your review of an app (one per app; 201 first, 200 on edit)',
  description: 'Only users entitled to the app may review. Edits keep history and are checked again before they count.',
  params: AppParams,
  body: Obj({ rating: Rating, title: Type.Optional(PlainText(100)), body: Type.Optional(PlainText(4000)) }),
  response: { 200: Res({ review: Review }), 201: Res({ review: Review }), ...errors(400, 401, 403, 404, 429) },
};

export const listReviews = {
  tags: ['reviews'],
  summary: 'Reviews of an app, sorted; `mine` is the signed-in user’s own review whatever its status',
  params: AppParams,
  querystring: Obj({
    sort: Type.Optional(Sort),
    country: Type.Optional(Country),
    version: Type.Optional(Version),
    rating: Type.Optional(Rating),
    ...Pagination,
  }),
  response: {
    200: Res({
      reviews: Type.Array(Review),
      total: Type.Integer(),
      limit: Type.Integer(),
      offset: Type.Integer(),
      sort: Sort,
      mine: Nullable(Review),
    }),
    ...errors(400, 404),
  },
};

export const myReview = {
  tags: ['reviews'],
  summary: 'Your review of an app, whatever its status',
  params: AppParams,
  response: { 200: Res({ review: Review }), ...errors(400, 401, 404) },
};

export const deleteReview = {
  tags: ['reviews'],
  summary: 'Delete your review',
  params: ReviewParams,
  response: { 204: Type.Null(), ...errors(400, 401, 404) },
};

export const reviewHistory = {
  tags: ['reviews'],
  summary: 'Every revision of a review (its author and moderators)',
  params: ReviewParams,
  response: {
    200: Res({
      revisions: Type.Array(
        Res({
          revision: Type.Integer(),
          rating: Type.Integer(),
          title: Type.String(),
          body: Type.String(),
          appVersion: Type.String(),
          country: Type.String(),
          createdAt: Timestamp,
        }),
      ),
    }),
    ...errors(400, 401, 404),
  },
};

const VoteResult = Res({
  helpfulCount: Type.Integer(),
  unhelpfulCount: Type.Integer(),
  myVote: Nullable(Type.Enum(['helpful', 'not_helpful'])),
});

export const vote = {
  tags: ['reviews'],
  summary: 'Mark a review helpful or not helpful (one vote per user; voting again changes it)',
  params: ReviewParams,
  body: Obj({ helpful: Type.Boolean() }),
  response: { 200: VoteResult, ...errors(400, 401, 404) },
};

export const unvote = {
  tags: ['reviews'],
  summary: 'Withdraw your vote',
  params: ReviewParams,
  response: { 200: VoteResult, ...errors(400, 401, 404) },
};

export const reportReview = {
  tags: ['reviews'],
  summary: 'Report a review to the moderators',
  params: ReviewParams,
  body: Obj({
    reason: Type.Enum(['spam', 'offensive', 'off_topic', 'fake', 'personal_info', 'other']),
    note: Type.Optional(PlainText(500)),
  }),
  response: { 202: Res({ reported: Type.Boolean() }), ...errors(400, 401, 404) },
};

export const RatingSummary = Res({
  bundleId: Type.String(),
  scope: Type.Enum(['all', 'country', 'version']),
  key: Nullable(Type.String({ description: 'The country or version, for those scopes' })),
  count: Type.Integer(),
  average: Type.Number(),
  histogram: Type.Array(Type.Integer(), { description: 'Counts of 1..5-star ratings' }),
  bayesianAverage: Type.Number({ description: 'Ranking-facing (C·m + Σ) / (C + n)' }),
  prior: Res({ mean: Type.Number(), confidence: Type.Number() }),
  updatedAt: Nullable(Timestamp),
});

export const ratings = {
  tags: ['reviews'],
  summary: 'Rating summary of an app over approved reviews: overall, per country or per version',
  params: AppParams,
  querystring: Obj({ country: Type.Optional(Country), version: Type.Optional(Version) }),
  response: { 200: RatingSummary, ...errors(400, 404) },
};

const { bundleId: _b, ...SummaryFields } = RatingSummary.properties;
const ScopedSummary = Res(SummaryFields);

export const ratingsBreakdown = {
  tags: ['reviews'],
  summary: 'Every country’s and version’s rating summary of an app',
  params: AppParams,
  response: {
    200: Res({
      bundleId: Type.String(),
      countries: Type.Array(ScopedSummary),
      versions: Type.Array(ScopedSummary),
      reset: Nullable(Res({ at: Timestamp, version: Nullable(Type.String()) })),
    }),
    ...errors(400, 404),
  },
};

export const resetRatings = {
  tags: ['developer console'],
  summary: 'Reset your app’s rating summary when shipping a version (reviews stay)',
  params: AppParams,
  body: Type.Optional(Obj({ version: Type.Optional(Version) })),
  response: { 200: RatingSummary, ...errors(400, 401, 403, 404) },
};

export const respond = {
  tags: ['developer console'],
  summary: 'Write or edit your public response to a review of your app (the reviewer is notified)',
  params: ReviewParams,
  body: Obj({ body: PlainText(5000, 1) }),
  response: { 200: Res({ response: DeveloperResponse }), 201: Res({ response: DeveloperResponse }), ...errors(400, 401, 403, 404) },
};

export const removeResponse = {
  tags: ['developer console'],
  summary: 'Delete your response to a review',
  params: ReviewParams,
  response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
};

export const inbox = {
  tags: ['developer console'],
  summary: 'Reviews of your apps, with filters',
  querystring: Obj({
    bundleId: Type.Optional(BundleId),
    rating: Type.Optional(Rating),
    country: Type.Optional(Country),
    version: Type.Optional(Version),
    unanswered: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Sort),
    ...Pagination,
  }),
  response: {
    200: Res({ reviews: Type.Array(Review), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
    ...errors(400, 401, 403, 404),
  },
};

const Notification = Res({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  data: Type.Record(Type.String(), Type.String()),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});

export const notifications = {
  tags: ['accounts'],
  summary: 'Your in-app notifications, newest first',
  querystring: Obj({ unread: Type.Optional(Type.Boolean()), ...Pagination }),
  response: { 200: Res({ notifications: Type.Array(Notification), unread: Type.Integer() }), ...errors(400, 401) },
};

export const readNotification = {
  tags: ['accounts'],
  summary: 'Mark a notification read',
  params: Obj({ id: Uuid }),
  response: { 204: Type.Null(), ...errors(400, 401, 404) },
};

export const readAllNotifications = {
  tags: ['accounts'],
  summary: 'Mark every notification read',
  response: { 200: Res({ updated: Type.Integer() }), ...errors(401) },
};
