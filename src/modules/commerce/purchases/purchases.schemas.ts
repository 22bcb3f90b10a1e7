import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp } from '../../../http/schemas.js';
import { countryCodes } from '../../../platform/storefronts.js';
import { BUNDLE_ID_PATTERN } from '../../catalog/catalog.service.js';

export const BundleId = Type.String({ minLength: 3, maxLength: 155, pattern: BUNDLE_ID_PATTERN });
export const ProductId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
export const Country = Type.Enum([...countryCodes]);
const PurchaseType = Type.Enum(['paid_app', 'free_app', 'consumable', 'non_consumable', 'auto_renewable']);

export const Purchase = Res({
  id: Type.String(),
  transactionId: Type.String(),
  originalTransactionId: Type.String(),
  bundleId: Type.String(),
  productId: Nullable(Type.String()),
  type: PurchaseType,
  amountMinor: Type.Integer(),
  currency: Type.String(),
  country: Type.String(),
  status: Type.String(),
  purchasedAt: Timestamp,
  priceChanged: Type.Optional(Type.Boolean({ description: 'expectedPriceMinor differed: the server price was charged' })),
  expiresDate: Type.Optional(Timestamp),
});

export const createPurchase = {
  tags: ['purchases'],
  summary: 'Buy an app (productId omitted) or an in-app product — idempotent per Idempotency-Key',
  description:
    'Same key + same body replays the first response (status and body, errors included; header Idempotent-Replayed). ' +
    'Same key + different body → 422 idempotency_key_mismatch; while the first is running → 409 idempotency_key_in_use. ' +
    'Sandbox tokens: tok_ok, tok_decline (402), tok_timeout (503 payment_outcome_unknown, resolved by reconciliation), tok_flaky.',
  headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 16, maxLength: 255 }) }),
  body: Obj({
    bundleId: BundleId,
    productId: Type.Optional(ProductId),
    country: Type.Optional(Country),
    paymentToken: Type.String({ minLength: 1, maxLength: 200 }),
    expectedPriceMinor: Type.Optional(Type.Integer({ minimum: 0, description: 'The price the shopper saw; the server price wins' })),
  }),
  response: {
    201: Res({ purchase: Purchase, receipt: Type.String({ description: 'Compact JWS (ES256), see docs/receipts.md' }) }),
    ...errors(400, 401, 402, 404, 409, 422, 503),
  },
};

const Refund = Nullable(
  Res({ id: Type.String(), status: Type.String(), requestedAt: Timestamp, decidedAt: Nullable(Timestamp), note: Nullable(Type.String()) }),
);

export const myPurchases = {
  tags: ['purchases'],
  summary: 'Your purchase history with receipts and refund state',
  querystring: Obj({ ...Pagination }),
  response: {
    200: Res({
      purchases: Type.Array(
        Res({
          ...Purchase.properties,
          appName: Type.String(),
          iconUrl: Nullable(Type.String()),
          receipt: Nullable(Type.String()),
          refund: Refund,
        }),
      ),
      total: Type.Integer(),
    }),
    ...errors(400, 401),
  },
};

export const myLibrary = {
  tags: ['purchases'],
  summary: 'Apps you own (bought, free or granted), with the in-app products you own',
  response: {
    200: Res({
      apps: Type.Array(
        Res({
          app: Res({
            id: Type.String(),
            bundleId: Type.String(),
            name: Type.String(),
            developer: Type.String(),
            category: Type.String(),
            iconUrl: Nullable(Type.String()),
            version: Type.String(),
            status: Type.String(),
          }),
          source: Type.String(),
          acquiredAt: Timestamp,
          products: Type.Array(Type.String()),
        }),
      ),
    }),
    ...errors(401),
  },
};

export const verifyReceipt = {
  tags: ['purchases'],
  summary: 'Verify a receipt (signature, environment, optional bundle) and get its live status',
  body: Obj({ receipt: Type.String({ minLength: 1, maxLength: 10_000 }), bundleId: Type.Optional(BundleId) }),
  response: {
    200: Res({
      valid: Type.Boolean(),
      status: Nullable(Type.Enum(['active', 'refunded', 'revoked', 'expired'])),
      transaction: Nullable(
        Res({
          transactionId: Type.String(),
          originalTransactionId: Type.String(),
          bundleId: Type.String(),
          productId: Nullable(Type.String()),
          type: Type.String(),
          purchaseDate: Type.String(),
          amount: Type.Integer(),
          currency: Type.String(),
          storefront: Type.String(),
          environment: Type.String(),
          appAccountToken: Type.String(),
        }),
      ),
      reason: Type.Optional(Type.String()),
    }),
    ...errors(400),
  },
};

export const jwks = {
  tags: ['purchases'],
  summary: 'Public keys (current and previous) that verify receipts',
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
