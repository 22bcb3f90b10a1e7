/**
 * Commerce: products and prices, the payment provider (sandbox behind a circuit breaker),
 * idempotent purchases, signed receipts, the ledger, refunds, payouts and the audit.
 * docs/commerce.md describes the design; docs/receipts.md how apps verify receipts.
 */
import path from 'node:path';
import type { AppContext } from '../../context.js';
import type { Http } from '../../http/types.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { OrchardModule } from '../module.js';
import { type AuditReport, runAudit } from './audit/audit.js';
import { LedgerService } from './ledger/ledger.service.js';
import { payoutRoutes } from './payouts/payouts.routes.js';
import { PayoutService, previousPeriod } from './payouts/payouts.service.js';
import { productRoutes } from './products/products.routes.js';
import { ProductsService } from './products/products.service.js';
import { ResilientProvider } from './provider/resilient.js';
import { SandboxProvider } from './provider/sandbox.js';
import { PurchaseHistory } from './purchases/history.js';
import { jwksRoutes, purchaseRoutes } from './purchases/purchases.routes.js';
import { type PurchaseDeps, PurchaseService } from './purchases/purchases.service.js';
import { PurchaseReconciler } from './purchases/reconcile.js';
import { RecurringCharges } from './purchases/recurring.js';
import { Keyring } from './receipts/keyring.js';
import { ReceiptService } from './receipts/receipts.service.js';
import { refundRoutes } from './refunds/refunds.routes.js';
import { RefundService } from './refunds/refunds.service.js';
import { SubscriptionHooks } from './subscription-port.js';

export interface CommerceServices {
  products: ProductsService;
  purchases: PurchaseService;
  reconciler: PurchaseReconciler;
  history: PurchaseHistory;
  receipts: ReceiptService;
  refunds: RefundService;
  payouts: PayoutService;
  ledger: LedgerService;
  provider: ResilientProvider;
  /** Renewal and upgrade charges of subscriptions. */
  recurring: RecurringCharges;
  /** Where the subscriptions module plugs in (commerce cannot import it). */
  subscriptionHooks: SubscriptionHooks;
  audit(): Promise<AuditReport>;
}

export function commerceModule(
  ctx: AppContext,
  deps: { catalog: CatalogService; entitlements: EntitlementsService },
): { module: OrchardModule; service: CommerceServices } {
  const { config, db, clock, bus } = ctx;
  const c = config.commerce;
  const log = ctx.log.child({ part: 'commerce' });
  const provider = new ResilientProvider(
    new SandboxProvider(config.dataDir, { timeoutDelayMs: c.sandboxTimeoutDelayMs }),
    {
      timeoutMs: c.providerTimeoutMs,
      retries: c.providerRetries,
      resetMs: c.breakerResetMs,
      errorPercent: c.breakerErrorPercent,
      volume: c.breakerVolume,
    },
    log,
  );
  const receipts = new ReceiptService(new Keyring(path.join(config.dataDir, 'keys')), provider.environment);
  const ledger = new LedgerService();
  const products = new ProductsService({ clock, catalog: deps.catalog, config });
  const subscriptionHooks = new SubscriptionHooks();
  const purchaseDeps: PurchaseDeps = {
    db,
    clock,
    config,
    bus,
    log,
    provider,
    receipts,
    products,
    entitlements: deps.entitlements,
    ledger,
    subscriptions: subscriptionHooks,
  };
  const purchases = new PurchaseService(purchaseDeps);
  const reconciler = new PurchaseReconciler(purchaseDeps, purchases);
  const history = new PurchaseHistory({
    db,
    catalog: deps.catalog,
    entitlements: deps.entitlements,
    receipts,
    subscriptions: subscriptionHooks,
  });
  const recurring = new RecurringCharges(purchaseDeps, purchases);
  const refunds = new RefundService(purchaseDeps);
  const payouts = new PayoutService({ db, clock, bus, ledger });
  const service: CommerceServices = {
    products,
    purchases,
    reconciler,
    history,
    receipts,
    refunds,
    payouts,
    ledger,
    provider,
    recurring,
    subscriptionHooks,
    audit: () => runAudit({ db, provider, reconciler, ledger, entitlements: deps.entitlements }),
  };
  return {
    service,
    module: {
      name: 'commerce',
      routes: async (app: Http, appCtx: AppContext) => {
        await purchaseRoutes(app, appCtx);
        await refundRoutes(app, appCtx);
        await productRoutes(app, appCtx);
        await payoutRoutes(app, appCtx);
      },
      rootRoutes: jwksRoutes,
      jobs: [
        {
          name: 'commerce.reconcile-charges',
          everyMs: c.reconcileEveryMs,
          runAtStart: true,
          run: async () => void (await reconciler.reconcile()),
        },
        { name: 'commerce.reap-idempotency-keys', everyMs: 3_600_000, run: async () => void (await purchases.reapKeys()) },
        { name: 'commerce.retry-refunds', everyMs: 60_000, run: async () => void (await refunds.retryApproved()) },
        { name: 'commerce.monthly-payouts', everyMs: 3_600_000, run: async (now) => void (await payouts.run(previousPeriod(now))) },
      ],
      // create the first signing key before serving, not on the first purchase
      start: async () => void receipts.jwks(),
      stop: async () => {
        await purchases.drain();
        await provider.close();
      },
    },
  };
}
