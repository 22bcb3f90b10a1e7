import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp } from '../../http/schemas.js';
import { BundleId, Country, ProductId } from '../commerce/purchases/purchases.schemas.js';

const tags = ['subscriptions'];
const Period = Type.Enum(['week', 'month', 'quarter', 'year']);
const Status = Type.Enum(['active', 'billing_grace_period', 'billing_retry', 'expired', 'revoked']);
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Minor = Type.Integer({ minimum: 1, maximum: 100_000_000 });
const PriceIn = Obj({
  country: Country,
  priceMinor: Minor,
  introPriceMinor: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 }))),
});
const Prices = Type.Array(PriceIn, { minItems: 1, maxItems: 200 });
const Tier = Type.Integer({ minimum: 1, maximum: 60 });

export const Product = Res({
  productId: Type.String(),
  groupId: Type.String(),
  name: Type.String(),
  period: Period,
  level: Type.Integer(),
  introType: Nullable(Type.String()),
  introPeriods: Type.Integer(),
  status: Type.String(),
  prices: Type.Array(
    Res({ country: Type.String(), priceMinor: Type.Integer(), currency: Type.String(), introPriceMinor: Nullable(Type.Integer()) }),
  ),
});
const Group = Res({ id: Type.String(), name: Type.String(), products: Type.Array(Product) });

export const Subscription = Res({
  id: Type.String(),
  originalTransactionId: Type.String(),
  bundleId: Type.String(),
  appName: Type.String(),
  groupId: Type.String(),
  productId: Type.String(),
  productName: Type.String(),
  period: Type.String(),
  status: Status,
  autoRenew: Type.Boolean(),
  periodStart: Timestamp,
  expiresDate: Timestamp,
  renewalDate: Nullable(Timestamp),
  renewalProductId: Type.String(),
  renewalPriceMinor: Type.Integer(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
  country: Type.String(),
  priceIncrease: Nullable(Type.String()),
  billingIssue: Type.Boolean(),
  gracePeriodEndsAt: Nullable(Timestamp),
  offer: Nullable(Type.String()),
  expirationReason: Nullable(Type.String()),
});

const AppParams = Obj({ bundleId: BundleId });
const ProductParams = Obj({ bundleId: BundleId, productId: ProductId });
const SubParams = Obj({ id: Id });

export const appGroups = {
  tags,
  summary: 'Subscription groups and products of an app on sale (prices in a storefront when country is given)',
  params: AppParams,
  querystring: Obj({ country: Type.Optional(Country) }),
  response: { 200: Res({ groups: Type.Array(Group) }), ...errors(400, 404) },
};
export const myGroups = {
  tags,
  summary: "Your app's subscription groups and products (removed ones too)",
  params: AppParams,
  response: { 200: Res({ groups: Type.Array(Group), gracePeriodDays: Type.Integer() }), ...errors(400, 401, 403, 404) },
};
export const createGroup = {
  tags,
  summary: 'Create a subscription group',
  params: AppParams,
  body: Obj({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
  response: { 201: Res({ group: Group }), ...errors(400, 401, 403, 404, 409) },
};
export const createProduct = {
  tags,
  summary: 'Create a subscription product in a group (prices per storefront or a tier)',
  params: AppParams,
  body: Obj({
    productId: ProductId,
    groupId: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    period: Period,
    level: Type.Integer({ minimum: 1, maximum: 100, description: '1 is the highest level of service' }),
    introType: Type.Optional(Nullable(Type.Enum(['free_trial', 'intro_price']))),
    introPeriods: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    tier: Type.Optional(Tier),
    prices: Type.Optional(Prices),
  }),
  response: { 201: Res({ product: Product }), ...errors(400, 401, 403, 404, 409) },
};
export const updateProduct = {
  tags,
  summary: 'Rename, re-level or remove a subscription product (removed: no new subscribers)',
  params: ProductParams,
  body: Obj({
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    status: Type.Optional(Type.Enum(['active', 'removed'])),
  }),
  response: { 200: Res({ product: Product }), ...errors(400, 401, 403, 404) },
};
export const setPrices = {
  tags,
  summary: 'Set the prices of a subscription product; increases wait for each subscriber’s consent',
  params: ProductParams,
  body: Obj({ tier: Type.Optional(Tier), prices: Type.Optional(Prices) }),
  response: { 200: Res({ product: Product, subscribersNotified: Type.Integer() }), ...errors(400, 401, 403, 404) },
};
export const setSettings = {
  tags,
  summary: "Set the app's billing grace period (0–16 days)",
  params: AppParams,
  body: Obj({ gracePeriodDays: Type.Integer({ minimum: 0, maximum: 16 }) }),
  response: { 200: Res({ gracePeriodDays: Type.Integer() }), ...errors(400, 401, 403, 404) },
};
export const subscribers = {
  tags,
  summary: "Your app's subscribers",
  params: AppParams,
  querystring: Obj({ ...Pagination, status: Type.Optional(Status) }),
  response: { 200: Res({ subscriptions: Type.Array(Subscription) }), ...errors(400, 401, 403, 404) },
};
export const metrics = {
  tags,
  summary: 'Subscription metrics: new, churned, renewals and revenue per day; active count and MRR',
  params: AppParams,
  querystring: Obj({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) }),
  response: {
    200: Res({
      daily: Type.Array(
        Res({
          day: Type.String(),
          currency: Type.String(),
          newSubscriptions: Type.Integer(),
          churned: Type.Integer(),
          renewals: Type.Integer(),
          revenueMinor: Type.Integer(),
          mrrMinor: Nullable(Type.Integer({ description: 'MRR of live subscriptions that day (snapshot by the renewal job)' })),
        }),
      ),
      statusCounts: Type.Record(Type.String(), Type.Integer()),
      active: Type.Integer(),
      mrr: Type.Array(Res({ currency: Type.String(), amountMinor: Type.Integer() })),
    }),
    ...errors(400, 401, 403, 404),
  },
};
export const statuses = {
  tags,
  summary: 'Status API: every subscription status of the buyer behind an original transaction (API key: subscriptions:read)',
  params: Obj({ bundleId: BundleId, originalTransactionId: Id }),
  response: {
    200: Res({
      bundleId: Type.String(),
      appAccountToken: Type.String(),
      data: Type.Array(
        Res({
          groupId: Type.String(),
          originalTransactionId: Type.String(),
          status: Status,
          productId: Type.String(),
          expiresDate: Timestamp,
          autoRenew: Type.Boolean(),
          renewalProductId: Type.String(),
          renewalPriceMinor: Type.Integer(),
          currency: Type.String(),
          priceIncrease: Nullable(Type.String()),
          gracePeriodEndsAt: Nullable(Timestamp),
          expirationReason: Nullable(Type.String()),
        }),
      ),
    }),
    ...errors(400, 401, 403, 404),
  },
};
export const transactions = {
  tags,
  summary: "Status API: a buyer's transactions (or refunds only) in your app, by app account token",
  params: AppParams,
  querystring: Obj({
    appAccountToken: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
    refunded: Type.Optional(Type.Boolean()),
  }),
  response: {
    200: Res({
      transactions: Type.Array(
        Res({
          id: Type.String(),
          transactionId: Type.String(),
          originalTransactionId: Type.String(),
          productId: Nullable(Type.String()),
          type: Type.String(),
          amountMinor: Type.Integer(),
          currency: Type.String(),
          status: Type.String(),
          purchasedAt: Timestamp,
          refundedAt: Nullable(Timestamp),
          receipt: Nullable(Type.String()),
        }),
      ),
    }),
    ...errors(400, 401, 403, 404),
  },
};

export const mine = {
  tags,
  summary: 'Your subscriptions',
  response: { 200: Res({ subscriptions: Type.Array(Subscription) }), ...errors(401) },
};
export const one = {
  tags,
  summary: 'One of your subscriptions with the plans you can switch to',
  params: SubParams,
  response: { 200: Res({ subscription: Subscription, plans: Type.Array(Product) }), ...errors(400, 401, 404) },
};
export const action = {
  tags,
  summary: 'Cancel (auto-renew off), resume, or consent to a price increase',
  params: SubParams,
  response: { 200: Res({ subscription: Subscription }), ...errors(400, 401, 404, 409) },
};
export const changePlan = {
  tags,
  summary: 'Change plan: an upgrade starts now with a prorated credit; downgrades and crossgrades at the next renewal',
  params: SubParams,
  body: Obj({ productId: ProductId }),
  response: {
    200: Res({ subscription: Subscription, effective: Type.Enum(['now', 'next_renewal']), chargedMinor: Type.Integer() }),
    ...errors(400, 401, 402, 404, 409, 422, 503),
  },
};
export const paymentMethod = {
  tags,
  summary: 'Update the payment method (a subscription with a billing problem is retried)',
  params: SubParams,
  body: Obj({ paymentToken: Type.String({ minLength: 1, maxLength: 200 }) }),
  response: { 200: Res({ subscription: Subscription }), ...errors(400, 401, 404) },
};
