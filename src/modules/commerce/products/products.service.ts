/**
 * Products and prices: a paid app is a product (its prices live in the catalog); developers add
 * in-app products (consumable or non-consumable) per app with prices per storefront, typed in or
 * taken from the price-tier table. `resolve` answers "what exactly is bought, at what price, in
 * this storefront" for the purchase flow — always from the server's current prices.
 */
import type { Config } from '../../../config.js';
import type { Db, Executor } from '../../../db/database.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { inTransaction } from '../../../db/transaction.js';
import type { Clock } from '../../../platform/clock.js';
import { AppError, registerErrors } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { storefrontOf } from '../../../platform/storefronts.js';
import type { AppSummary, CatalogService, Price } from '../../catalog/catalog.service.js';
import type { IapProductsTable, ProductType, PurchaseType } from '../commerce.tables.js';
import type { Product } from '../commerce.types.js';

export type { Product };

import * as repo from './products.repository.js';
import { isTier, tierPrices } from './tiers.js';

registerErrors({
  product_not_found: { status: 404, title: 'No such in-app product' },
  product_id_taken: { status: 409, title: 'This product id is already used in this app' },
  not_sold_in_country: { status: 422, title: 'This item is not sold in that country' },
  unknown_price_tier: { status: 400, title: 'Unknown price tier' },
});

/** A sellable item with its server-side price in one storefront. */
export interface Sellable {
  app: AppSummary;
  type: PurchaseType;
  /** '' for the app itself. */
  productKey: string;
  price: Price;
  commissionBps: number;
}

export interface ProductInput {
  productId: string;
  type: ProductType;
  name: string;
  description?: string;
  tier?: number;
  prices?: Array<{ country: string; priceMinor: number }>;
}

export class ProductsService {
  constructor(private readonly d: { clock: Clock; catalog: CatalogService; config: Config }) {}

  private now() {
    return this.d.clock.now().toISOString();
  }

  /** The caller's own app (any status), or app_not_found. */
  private async ownedApp(db: Executor, developerId: string, bundleId: string) {
    const app = await this.d.catalog.getApp(db, bundleId, { ownerDeveloperId: developerId });
    if (app.developerId !== developerId) throw new AppError('app_not_found');
    return app;
  }

  private async present(db: Executor, rows: IapProductsTable[], country?: string): Promise<Product[]> {
    const prices = await repo.pricesOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const mine = prices
        .filter((p) => p.iap_id === r.id)
        .map((p) => ({ country: p.country, priceMinor: Number(p.price_minor), currency: p.currency }));
      return {
        productId: r.product_id,
        type: r.type,
        name: r.name,
        description: r.description,
        status: r.status,
        prices: mine,
        ...(country ? { price: mine.find((p) => p.country === country) ?? null } : {}),
      };
    });
  }

  /** Active products of a live app (store page), with the price in `country` when given. */
  async listForApp(db: Executor, bundleId: string, country?: string): Promise<Product[]> {
    const { app } = await this.d.catalog.priceOf(db, bundleId, country ?? 'US');
    return this.present(db, await repo.listProducts(db, app.id, false), country);
  }

  /** Every product of the developer's app, removed ones included (console). */
  async listForDeveloper(db: Executor, developerId: string, bundleId: string): Promise<Product[]> {
    const app = await this.ownedApp(db, developerId, bundleId);
    return this.present(db, await repo.listProducts(db, app.id, true));
  }

  private async product(db: Executor, appId: string, productId: string) {
    const p = await repo.findProduct(db, appId, productId);
    if (!p) throw new AppError('product_not_found');
    return p;
  }

  async create(db: Db, developerId: string, bundleId: string, input: ProductInput): Promise<Product> {
    const app = await this.ownedApp(db, developerId, bundleId);
    const now = this.now();
    const row: IapProductsTable = {
      id: newId(),
      app_id: app.id,
      product_id: input.productId,
      type: input.type,
      name: input.name.trim(),
      description: input.description ?? '',
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    try {
      await inTransaction(db, async (trx) => {
        await repo.insertProduct(trx, row);
        await repo.replacePrices(trx, row.id, priceRows(row.id, input));
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('product_id_taken');
      throw err;
    }
    return (await this.present(db, [row]))[0] as Product;
  }

  async update(
    db: Db,
    developerId: string,
    bundleId: string,
    productId: string,
    patch: { name?: string; description?: string; status?: 'active' | 'removed' },
  ): Promise<Product> {
    const app = await this.ownedApp(db, developerId, bundleId);
    const p = await this.product(db, app.id, productId);
    const set: Partial<IapProductsTable> = { updated_at: this.now() };
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.status !== undefined) set.status = patch.status;
    await repo.updateProduct(db, p.id, set);
    return (await this.present(db, [{ ...p, ...set }]))[0] as Product;
  }

  /** Replaces a product's prices, from a tier or an explicit list. */
  async setPrices(
    db: Db,
    developerId: string,
    bundleId: string,
    productId: string,
    input: { tier?: number; prices?: Array<{ country: string; priceMinor: number }> },
  ): Promise<Product> {
    const app = await this.ownedApp(db, developerId, bundleId);
    const p = await this.product(db, app.id, productId);
    await inTransaction(db, async (trx) => {
      await repo.replacePrices(trx, p.id, priceRows(p.id, input));
      await repo.updateProduct(trx, p.id, { updated_at: this.now() });
    });
    return (await this.present(db, [p]))[0] as Product;
  }

  /** Prices a paid app from a tier in every storefront (stored by the catalog). */
  async setAppTier(db: Db, developerId: string, bundleId: string, tier: number) {
    if (!isTier(tier)) throw new AppError('unknown_price_tier');
    return this.d.catalog.setPrices(
      db,
      developerId,
      bundleId,
      tierPrices(tier).map(({ country, priceMinor }) => ({ country, priceMinor })),
    );
  }

  /**
   * What `productId` (or the app itself) costs in `country` right now. Throws app_not_found,
   * product_not_found or not_sold_in_country.
   */
  async resolve(db: Executor, q: { bundleId: string; productId?: string | null; country: string }): Promise<Sellable> {
    const { app, price: appPrice } = await this.d.catalog.priceOf(db, q.bundleId, q.country);
    const commissionBps = await this.commissionBps(db, app.developerId);
    if (!q.productId) {
      if (!appPrice) throw new AppError('not_sold_in_country', `${q.bundleId} is not sold in ${q.country}`);
      return { app, type: appPrice.priceMinor > 0 ? 'paid_app' : 'free_app', productKey: '', price: appPrice, commissionBps };
    }
    const p = await repo.findProduct(db, app.id, q.productId);
    if (p?.status !== 'active') throw new AppError('product_not_found');
    const row = await repo.priceIn(db, p.id, q.country);
    if (!row) throw new AppError('not_sold_in_country', `${q.productId} is not sold in ${q.country}`);
    return {
      app,
      type: p.type,
      productKey: p.product_id,
      price: { country: q.country, priceMinor: Number(row.price_minor), currency: row.currency },
      commissionBps,
    };
  }

  /** The prices of a price tier in every storefront (subscriptions price from the same table). Throws unknown_price_tier. */
  tierPrices(tier: number): Array<{ country: string; priceMinor: number; currency: string }> {
    if (!isTier(tier)) throw new AppError('unknown_price_tier');
    return tierPrices(tier);
  }

  /** The developer's commission rate in basis points: their program, else the store default. */
  async commissionBps(db: Executor, developerId: string): Promise<number> {
    const c = await repo.commissionOf(db, developerId);
    return c ? Number(c.commission_bps) : this.d.config.commerce.commissionBps;
  }

  async commissionProgram(db: Executor, developerId: string): Promise<{ program: string; commissionBps: number }> {
    const c = await repo.commissionOf(db, developerId);
    return c
      ? { program: c.program, commissionBps: Number(c.commission_bps) }
      : { program: 'standard', commissionBps: this.d.config.commerce.commissionBps };
  }

  /** Puts a developer on a program: 'standard', 'reduced' (config rate) or 'custom' with a rate. */
  async setCommission(db: Db, developerId: string, program: 'standard' | 'reduced' | 'custom', customBps?: number) {
    const bps =
      program === 'standard'
        ? this.d.config.commerce.commissionBps
        : program === 'reduced'
          ? this.d.config.commerce.reducedCommissionBps
          : (customBps ?? this.d.config.commerce.commissionBps);
    await repo.upsertCommission(db, developerId, bps, program, this.now());
    return { program, commissionBps: bps };
  }
}

function priceRows(iapId: string, input: { tier?: number; prices?: Array<{ country: string; priceMinor: number }> }) {
  if (input.tier !== undefined) {
    if (!isTier(input.tier)) throw new AppError('unknown_price_tier');
    return tierPrices(input.tier).map((p) => ({ iap_id: iapId, country: p.country, price_minor: p.priceMinor, currency: p.currency }));
  }
  const seen = new Set<string>();
  return (input.prices ?? [])
    .filter((p) => !seen.has(p.country) && seen.add(p.country))
    .map((p) => {
      const sf = storefrontOf(p.country);
      if (!sf) throw new AppError('unknown_country', `${p.country} is not a storefront`);
      return { iap_id: iapId, country: p.country, price_minor: p.priceMinor, currency: sf.currency };
    });
}
