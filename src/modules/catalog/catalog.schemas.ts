import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp } from '../../http/schemas.js';
import { countryCodes, currencies } from '../../platform/storefronts.js';
import { BUNDLE_ID_PATTERN } from './catalog.service.js';
import { categories } from './categories.js';

const Country = Type.Enum([...countryCodes]);
const Category = Type.Enum([...categories]);
const BundleId = Type.String({ minLength: 3, maxLength: 155, pattern: BUNDLE_ID_PATTERN });
const CategorySlug = Type.String({ minLength: 1, maxLength: 60 });

const Price = Res({ country: Type.String(), priceMinor: Type.Integer(), currency: Type.String() });

/** An app as lists outside the catalog show it (charts, recommendations): AppSummary's first fields, without downloads and release data. */
export const AppCard = Res({
  id: Type.String(),
  bundleId: Type.String(),
  name: Type.String(),
  subtitle: Type.String(),
  developer: Type.String(),
  developerId: Type.String(),
  category: Type.String(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
  ratingAverage: Type.Number(),
  ratingCount: Type.Integer(),
  iconUrl: Nullable(Type.String()),
});

export const AppSummary = Res({
  id: Type.String(),
  bundleId: Type.String(),
  name: Type.String(),
  subtitle: Type.String(),
  developer: Type.String(),
  developerId: Type.String(),
  category: Type.String(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
  ratingAverage: Type.Number(),
  ratingCount: Type.Integer(),
  downloads: Type.Integer(),
  iconUrl: Nullable(Type.String()),
  version: Type.String(),
  status: Type.String(),
  releasedAt: Timestamp,
  updatedAt: Timestamp,
  price: Type.Optional(Nullable(Price)),
});

export const AppDetail = Res({
  ...AppSummary.properties,
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  ageRating: Type.String(),
  sizeBytes: Type.Integer(),
  ratingHistogram: Type.Array(Type.Integer(), { description: 'Counts of 1..5-star ratings' }),
  developerSlug: Type.String(),
  availability: Nullable(Type.Array(Type.String())),
  prices: Type.Array(Price),
  screenshots: Type.Array(Res({ position: Type.Integer(), url: Type.String(), sha256: Type.String() })),
  currentVersion: Res({ version: Type.String(), updatedAt: Timestamp, sizeBytes: Type.Integer() }),
  createdAt: Timestamp,
});

const AppList = Res({ apps: Type.Array(AppSummary), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 });
const AgeRating = Type.Enum(['4+', '9+', '12+', '17+']);
const Text = (max: number) => Type.String({ maxLength: max });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const listCategories = {
  tags: ['catalog'],
  summary: 'Every store category with its number of live apps',
  response: { 200: Res({ categories: Type.Array(Res({ name: Type.String(), slug: Type.String(), count: Type.Integer() })) }) },
};

export const categoryApps = {
  tags: ['catalog'],
  summary: 'Apps in a category, by popularity or newest',
  params: Obj({ slug: CategorySlug }),
  querystring: Obj({ sort: Type.Optional(Type.Enum(['popular', 'new'])), country: Type.Optional(Country), ...Pagination }),
  response: { 200: Res({ category: Res({ name: Type.String(), slug: Type.String() }), ...AppList.properties }), ...errors(400) },
};

export const listApps = {
  tags: ['catalog'],
  summary: 'Live apps across the store, by popularity or newest (home page sections)',
  querystring: Obj({
    sort: Type.Optional(Type.Enum(['popular', 'new'])),
    category: Type.Optional(Category),
    country: Type.Optional(Country),
    ...Pagination,
  }),
  response: { 200: AppList, ...errors(400) },
};

export const appDetail = {
  tags: ['catalog'],
  summary: 'App detail: listing, ratings summary, prices and current version',
  params: Obj({ bundleId: BundleId }),
  querystring: Obj({ country: Type.Optional(Country) }),
  response: { 200: AppDetail, ...errors(400, 404) },
};

export const developerApps = {
  tags: ['catalog'],
  summary: 'A developer’s live apps',
  params: Obj({ slug: Type.String({ minLength: 1, maxLength: 80 }) }),
  querystring: Obj({ ...Pagination }),
  response: { 200: AppList, ...errors(400, 404) },
};

export const myApps = {
  tags: ['developer console'],
  summary: 'Your apps, including drafts and removed ones',
  querystring: Obj({ ...Pagination }),
  response: { 200: AppList, ...errors(401, 403) },
};

const AppFields = {
  name: Name,
  subtitle: Type.Optional(Text(80)),
  category: Category,
  description: Type.Optional(Text(10_000)),
  keywords: Type.Optional(Keywords),
  ageRating: Type.Optional(AgeRating),
  priceMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  currency: Type.Optional(Type.Enum([...currencies])),
  availability: Type.Optional(Nullable(Type.Array(Country, { minItems: 1, uniqueItems: true }))),
};

export const createApp = {
  tags: ['developer console'],
  summary: 'Create an app (starts as a draft)',
  body: Obj({ bundleId: BundleId, ...AppFields }),
  response: { 201: AppDetail, ...errors(400, 401, 403, 409) },
};

export const updateApp = {
  tags: ['developer console'],
  summary: 'Edit an app’s listing (bundle id is immutable)',
  params: Obj({ bundleId: BundleId }),
  body: Obj({ ...AppFields, name: Type.Optional(Name), category: Type.Optional(Category) }),
  response: { 200: AppDetail, ...errors(400, 401, 403, 404) },
};

export const ownedApp = {
  tags: ['developer console'],
  params: Obj({ bundleId: BundleId }),
  response: { 200: AppDetail, ...errors(400, 401, 403, 404) },
};

export const removeApp = {
  tags: ['developer console'],
  summary: 'Remove an app from sale',
  params: Obj({ bundleId: BundleId }),
  response: { 204: Type.Null(), ...errors(401, 403, 404) },
};

export const setPrices = {
  tags: ['developer console'],
  summary: 'Set prices per storefront (integer minor units; currency follows the country)',
  params: Obj({ bundleId: BundleId }),
  body: Obj({
    prices: Type.Array(Obj({ country: Country, priceMinor: Type.Integer({ minimum: 0, maximum: 100_000_000 }) }), {
      maxItems: countryCodes.length,
    }),
  }),
  response: { 200: AppDetail, ...errors(400, 401, 403, 404) },
};

export const uploadMedia = {
  tags: ['developer console'],
  summary: 'Upload an image (raw body; PNG, JPEG, WebP or SVG)',
  params: Obj({ bundleId: BundleId }),
  response: { 200: AppDetail, 201: AppDetail, ...errors(401, 403, 404, 413, 415, 422) },
};

export const deleteScreenshot = {
  tags: ['developer console'],
  summary: 'Delete a screenshot',
  params: Obj({ bundleId: BundleId, position: Type.Integer({ minimum: 1, maximum: 1000 }) }),
  response: { 200: AppDetail, ...errors(401, 403, 404) },
};

export const media = {
  tags: ['catalog'],
  summary: 'An icon or screenshot by content hash (immutable)',
  params: Obj({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
};
