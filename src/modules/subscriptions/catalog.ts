/**
 * What developers sell: subscription groups per app, products in a group (period, level,
 * introductory offer) with a price per storefront, and the app's billing grace period. Prices
 * are typed per country or taken from the store's price tiers; changing a price reaches
 * existing subscribers through the lifecycle (decreases at once, increases after consent).
 */
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { storefrontOf } from '../../platform/storefronts.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import * as repo from './subscriptions.repository.js';
import type { IntroType, SubscriptionPeriod, SubscriptionPricesTable } from './subscriptions.tables.js';

registerErrors({
  subscription_group_not_found: { status: 404, title: 'No such subscription group' },
  subscription_product_not_found: { status: 404, title: 'No such subscription product' },
  subscription_group_taken: { status: 409, title: 'This app already has a subscription group with that name' },
});

export interface PriceInput {
  country: string;
  priceMinor: number;
  introPriceMinor?: number | null;
}

export interface ProductInput {
  productId: string;
  groupId: string;
  name: string;
  period: SubscriptionPeriod;
  level: number;
  introType?: IntroType | null;
  introPeriods?: number;
  tier?: number;
  prices?: PriceInput[];
}

export interface SubscriptionProduct {
  productId: string;
  groupId: string;
  name: string;
  period: SubscriptionPeriod;
  level: number;
  introType: IntroType | null;
  introPeriods: number;
  status: 'active' | 'removed';
  prices: Array<{ country: string; priceMinor: number; currency: string; introPriceMinor: number | null }>;
}

export interface SubscriptionGroup {
  id: string;
  name: string;
  products: SubscriptionProduct[];
}

export class SubscriptionCatalog {
  constructor(private readonly d: { clock: Clock; config: Config; catalog: CatalogService; commerce: CommerceServices }) {}

  private now() {
    return this.d.clock.now().toISOString();
  }

  /** The developer's own app, or app_not_found. */
  async ownedApp(db: Executor, developerId: string, bundleId: string) {
    const app = await this.d.catalog.getApp(db, bundleId, { ownerDeveloperId: developerId });
    if (app.developerId !== developerId) throw new AppError('app_not_found');
    return app;
  }

  async createGroup(db: Db, developerId: string, bundleId: string, name: string): Promise<SubscriptionGroup> {
    const app = await this.ownedApp(db, developerId, bundleId);
    const row = { id: newId(), app_id: app.id, name, created_at: this.now() };
    try {
      await repo.insertGroup(db, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('subscription_group_taken');
      throw err;
    }
    return { id: row.id, name, products: [] };
  }

  /** Groups with their products (removed ones included for the developer, not for shoppers). */
  async groups(db: Executor, appId: string, opts: { includeRemoved?: boolean; country?: string } = {}): Promise<SubscriptionGroup[]> {
    const [groups, products] = await Promise.all([repo.listGroups(db, appId), repo.productsOfApp(db, appId)]);
    const live = products.filter((p) => opts.includeRemoved || p.status === 'active');
    const prices = await repo.pricesOf(
      db,
      live.map((p) => p.id),
    );
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      products: live
        .filter((p) => p.group_id === g.id)
        .map((p) =>
          present(
            p,
            prices.filter((x) => x.sub_product_id === p.id && (!opts.country || x.country === opts.country)),
          ),
        ),
    }));
  }

  async createProduct(db: Db, developerId: string, bundleId: string, input: ProductInput): Promise<SubscriptionProduct> {
    const app = await this.ownedApp(db, developerId, bundleId);
    if (!(await repo.findGroup(db, app.id, input.groupId))) throw new AppError('subscription_group_not_found');
    const id = newId();
    const now = this.now();
    const row: repo.ProductRow = {
      id,
      app_id: app.id,
      group_id: input.groupId,
      product_id: input.productId,
      name: input.name,
      period: input.period,
      level: input.level,
      intro_type: input.introType ?? null,
      intro_periods: input.introType ? (input.introPeriods ?? 1) : 0,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    const prices = this.priceRows(id, input, input.introType ?? null);
    try {
      await inTransaction(db, async (trx) => {
        // one namespace of product ids per app: an in-app product may not share the id
        const iaps = await this.d.commerce.products.listForDeveloper(trx, developerId, bundleId);
        if (iaps.some((p) => p.productId === input.productId)) throw new AppError('product_id_taken');
        await repo.insertProduct(trx, row);
        await repo.replacePrices(trx, id, prices);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('product_id_taken');
      throw err;
    }
    return present(row, prices);
  }

  async product(db: Executor, appId: string, productId: string): Promise<repo.ProductRow> {
    const p = await repo.findProduct(db, appId, productId);
    if (!p) throw new AppError('subscription_product_not_found');
    return p;
  }

  /** Renames, re-levels or removes a product (removed: not sold to new subscribers; existing ones renew). */
  async updateProduct(
    db: Db,
    developerId: string,
    bundleId: string,
    productId: string,
    patch: { name?: string; level?: number; status?: 'active' | 'removed' },
  ): Promise<SubscriptionProduct> {
    const app = await this.ownedApp(db, developerId, bundleId);
    const p = await this.product(db, app.id, productId);
    const next = { ...p, ...patch, updated_at: this.now() };
    await repo.updateProduct(db, p.id, { name: next.name, level: next.level, status: next.status, updated_at: next.updated_at });
    return present(next, await repo.pricesOf(db, [p.id]));
  }

  /** Replaces a product's prices; returns the old and new rows so the lifecycle can reach subscribers. */
  async setPrices(
    trx: Executor,
    developerId: string,
    bundleId: string,
    productId: string,
    input: { tier?: number; prices?: PriceInput[] },
  ): Promise<{ product: repo.ProductRow; before: SubscriptionPricesTable[]; after: SubscriptionPricesTable[] }> {
    const app = await this.ownedApp(trx, developerId, bundleId);
    const p = await this.product(trx, app.id, productId);
    const before = await repo.pricesOf(trx, [p.id]);
    const after = this.priceRows(p.id, input, p.intro_type);
    await repo.replacePrices(trx, p.id, after);
    return { product: p, before, after };
  }

  async setGraceDays(db: Db, developerId: string, bundleId: string, days: number): Promise<{ gracePeriodDays: number }> {
    const app = await this.ownedApp(db, developerId, bundleId);
    await repo.upsertSettings(db, app.id, days, this.now());
    return { gracePeriodDays: days };
  }

  async graceDays(db: Executor, appId: string): Promise<number> {
    return (await repo.graceDaysOf(db, appId)) ?? this.d.config.subscriptions.graceDays;
  }

  private priceRows(id: string, input: { tier?: number; prices?: PriceInput[] }, intro: IntroType | null): SubscriptionPricesTable[] {
    const introOf = (p: PriceInput) => (intro === 'free_trial' ? 0 : intro === 'intro_price' ? (p.introPriceMinor ?? null) : null);
    if (input.tier !== undefined) {
      const tiers = this.d.commerce.products.tierPrices(input.tier);
      return tiers.map((t) => ({
        sub_product_id: id,
        country: t.country,
        price_minor: t.priceMinor,
        currency: t.currency,
        intro_price_minor: intro === 'free_trial' ? 0 : null,
      }));
    }
    const seen = new Set<string>();
    const rows = (input.prices ?? [])
      .filter((p) => !seen.has(p.country) && seen.add(p.country))
      .map((p) => {
        const sf = storefrontOf(p.country);
        if (!sf) throw new AppError('unknown_country', `${p.country} is not a storefront`);
        if (intro === 'intro_price' && (p.introPriceMinor === undefined || p.introPriceMinor === null))
          throw new AppError('validation_failed', `An introductory price is needed for ${p.country}`);
        return { sub_product_id: id, country: p.country, price_minor: p.priceMinor, currency: sf.currency, intro_price_minor: introOf(p) };
      });
    if (rows.length === 0) throw new AppError('validation_failed', 'Give a tier or at least one price');
    return rows;
  }
}

export function present(p: repo.ProductRow, prices: SubscriptionPricesTable[]): SubscriptionProduct {
  return {
    productId: p.product_id,
    groupId: p.group_id,
    name: p.name,
    period: p.period,
    level: Number(p.level),
    introType: p.intro_type,
    introPeriods: Number(p.intro_periods),
    status: p.status,
    prices: prices.map((x) => ({
      country: x.country,
      priceMinor: Number(x.price_minor),
      currency: x.currency,
      introPriceMinor: x.intro_price_minor === null ? null : Number(x.intro_price_minor),
    })),
  };
}
