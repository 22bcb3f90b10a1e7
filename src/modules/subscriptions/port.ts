/** The subscriptions module's side of commerce's SubscriptionPort (see commerce/subscription-port.ts). */
import type { Executor } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CommerceServices } from '../commerce/index.js';
import type { SubscriptionPort } from '../commerce/subscription-port.js';
import { LIVE, type SubscriptionLifecycle } from './lifecycle.js';
import { addPeriods } from './periods.js';
import * as repo from './subscriptions.repository.js';

export function subscriptionPort(
  l: SubscriptionLifecycle,
  d: { catalog: CatalogService; commerce: CommerceServices; accelerated: boolean },
): SubscriptionPort {
  async function productOf(db: Executor, appId: string, productId: string) {
    const product = await repo.findProduct(db, appId, productId);
    if (!product) throw new Error(`subscription product ${productId} is missing`);
    return product;
  }
  return {
    async resolve(db, q) {
      const { app } = await d.catalog.priceOf(db, q.bundleId, q.country);
      const product = await repo.findProduct(db, app.id, q.productId);
      if (!product) return undefined;
      if (product.status !== 'active') throw new AppError('subscription_product_not_found');
      const existing = await repo.findForUserGroup(db, q.userId, product.group_id);
      if (existing && LIVE.includes(existing.status)) throw new AppError('already_owned', 'You are already subscribed to this group');
      const price = await repo.priceIn(db, product.id, q.country);
      if (!price) throw new AppError('not_sold_in_country', `${q.productId} is not sold in ${q.country}`);
      const offer = await l.offerFor(db, q.userId, product);
      const regular = Number(price.price_minor);
      const priceMinor = offer === 'free_trial' ? 0 : offer === 'intro_price' ? Number(price.intro_price_minor ?? regular) : regular;
      return {
        app,
        type: 'auto_renewable',
        productKey: product.product_id,
        price: { country: q.country, priceMinor, currency: price.currency },
        commissionBps: await d.commerce.products.commissionBps(db, app.developerId),
      };
    },
    async receiptExtras(db, p) {
      const product = await productOf(db, p.app_id, p.product_key);
      const existing = await repo.findForUserGroup(db, p.user_id, product.group_id);
      const offer = await l.offerFor(db, p.user_id, product);
      return {
        expiresDate: addPeriods(p.created_at, product.period, l.firstPeriods(product, offer), d.accelerated).toISOString(),
        offerType: offer,
        originalTransactionId: existing && !LIVE.includes(existing.status) ? existing.original_transaction_id : p.original_transaction_id,
      };
    },
    started: (trx, p, token) => l.start(trx, p, token),
    async status(db, p) {
      const sub = await repo.findByOriginal(db, p.original_transaction_id);
      if (!sub || sub.status === 'revoked') return 'revoked';
      return sub.status === 'active' || sub.status === 'billing_grace_period' ? 'active' : 'expired';
    },
    recover: (p) => l.recoverPurchase(p),
  };
}
