import { Type } from 'typebox';
import { errors, Nullable, Obj, Res } from '../../../http/schemas.js';
import { countryCodes } from '../../../platform/storefronts.js';
import { BundleId, Country, ProductId } from '../purchases/purchases.schemas.js';
import { MAX_TIER } from './tiers.js';

const Price = Res({ country: Type.String(), priceMinor: Type.Integer(), currency: Type.String() });
export const Product = Res({
  productId: Type.String(),
  type: Type.Enum(['consumable', 'non_consumable']),
  name: Type.String(),
  description: Type.String(),
  status: Type.Enum(['active', 'removed']),
  prices: Type.Array(Price),
  price: Type.Optional(Nullable(Price)),
});
const Tier = Type.Integer({ minimum: 0, maximum: MAX_TIER });
const Prices = Type.Array(Obj({ country: Country, priceMinor: Type.Integer({ minimum: 0, maximum: 100_000_000 }) }), {
  maxItems: countryCodes.length,
});
const Params = Obj({ bundleId: BundleId, productId: ProductId });

export const priceTiers = {
  tags: ['developer console'],
  summary: 'The price-tier table: each tier with its price in every storefront',
  response: { 200: Res({ tiers: Type.Array(Res({ tier: Type.Integer(), usdMinor: Type.Integer(), prices: Type.Array(Price) })) }) },
};

export const appProducts = {
  tags: ['catalog'],
  summary: 'In-app products of a live app, with the price in a storefront',
  params: Obj({ bundleId: BundleId }),
  querystring: Obj({ country: Type.Optional(Country) }),
  response: { 200: Res({ products: Type.Array(Product) }), ...errors(400, 404) },
};

export const myProducts = {
  tags: ['developer console'],
  summary: 'Every in-app product of your app, removed ones included',
  params: Obj({ bundleId: BundleId }),
  response: { 200: Res({ products: Type.Array(Product) }), ...errors(401, 403, 404) },
};

export const createProduct = {
  tags: ['developer console'],
  summary: 'Add an in-app product, priced by tier or per country',
  params: Obj({ bundleId: BundleId }),
  body: Obj({
    productId: ProductId,
    type: Type.Enum(['consumable', 'non_consumable']),
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    tier: Type.Optional(Tier),
    prices: Type.Optional(Prices),
  }),
  response: { 201: Res({ product: Product }), ...errors(400, 401, 403, 404, 409) },
};

export const updateProduct = {
  tags: ['developer console'],
  summary: 'Rename, describe, remove from sale or restore an in-app product',
  params: Params,
  body: Obj({
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    status: Type.Optional(Type.Enum(['active', 'removed'])),
  }),
  response: { 200: Res({ product: Product }), ...errors(400, 401, 403, 404) },
};

export const setProductPrices = {
  tags: ['developer console'],
  summary: 'Replace an in-app product’s prices (a tier, or a list of countries; others are then not sold)',
  params: Params,
  body: Obj({ tier: Type.Optional(Tier), prices: Type.Optional(Prices) }),
  response: { 200: Res({ product: Product }), ...errors(400, 401, 403, 404) },
};

export const setAppTier = {
  tags: ['developer console'],
  summary: 'Price your app from a tier in every storefront',
  params: Obj({ bundleId: BundleId }),
  body: Obj({ tier: Tier }),
  response: { 200: Res({ bundleId: Type.String(), prices: Type.Array(Price) }), ...errors(400, 401, 403, 404) },
};
