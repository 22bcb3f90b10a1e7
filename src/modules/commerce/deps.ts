import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { Logger } from '../../platform/logger.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { LedgerService } from './ledger/ledger.service.js';
import type { PaymentProvider } from './provider/port.js';

/** What the money-moving services of commerce (purchases, refunds) are built from. */
export interface CommerceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  bus: EventBus;
  log: Logger;
  provider: PaymentProvider;
  entitlements: EntitlementsService;
  ledger: LedgerService;
}
