/**
 * Monthly payouts per developer and currency: what the developer earned (sales net of commission
 * and refunds) up to the end of the month, less what earlier payouts paid. Idempotent on
 * (developerId, period, currency) by a unique constraint, so the job may run as often as it likes.
 * Each payout posts to the ledger, snapshots its statement and emits payout.created.
 */
import type { Db, Executor } from '../../../db/database.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { inTransaction } from '../../../db/transaction.js';
import type { Clock } from '../../../platform/clock.js';
import { AppError, registerErrors } from '../../../platform/errors.js';
import type { EventBus } from '../../../platform/events/bus.js';
import { newId } from '../../../platform/ids.js';
import type { Payout, Revenue, Statement } from '../commerce.types.js';
import { earnings, postings } from '../ledger/ledger.repository.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import { linesFrom, statementCsv, totalsOf } from './statement.js';

export type { Payout };

registerErrors({
  payout_not_found: { status: 404, title: 'No such payout' },
  invalid_period: { status: 400, title: 'A period is a past calendar month, YYYY-MM' },
});

/** [start, end) of a YYYY-MM period as ISO timestamps. */
export function periodBounds(period: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new AppError('invalid_period');
  const year = Number(m[1]);
  return { from: new Date(Date.UTC(year, month - 1, 1)).toISOString(), to: new Date(Date.UTC(year, month, 1)).toISOString() };
}

export const previousPeriod = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

export class PayoutService {
  constructor(private readonly d: { db: Db; clock: Clock; bus: EventBus; ledger: LedgerService }) {}

  /** Creates the payouts of a closed month (all developers, or one); returns those created now. */
  async run(period: string, developerId?: string): Promise<Payout[]> {
    const { from, to } = periodBounds(period);
    if (to > this.d.clock.now().toISOString()) throw new AppError('invalid_period', `${period} has not ended yet`);
    const created: Payout[] = [];
    for (const e of await earnings(this.d.db, to, developerId)) {
      const devId = e.developer_id as string;
      const earned = -Number(e.total);
      const paid = await this.paidBefore(this.d.db, devId, e.currency, period);
      const amount = earned - paid;
      if (amount <= 0) continue; // nothing owed (or refunds outweigh sales): carried to the next month
      const lines = linesFrom(await postings(this.d.db, { developerId: devId, currency: e.currency, from, to }));
      const totals = totalsOf(lines);
      const statement: Statement = {
        developerId: devId,
        period,
        currency: e.currency,
        openingBalanceMinor: amount - totals.netMinor,
        lines,
        totals,
        payoutMinor: amount,
      };
      const payout = {
        id: newId(),
        developerId: devId,
        period,
        currency: e.currency,
        amountMinor: amount,
        createdAt: this.d.clock.now().toISOString(),
      };
      try {
        await inTransaction(this.d.db, async (trx) => {
          await trx
            .insertInto('payouts')
            .values({
              id: payout.id,
              developer_id: devId,
              period,
              currency: e.currency,
              amount_minor: amount,
              statement: JSON.stringify(statement),
              created_at: payout.createdAt,
            })
            .execute();
          await this.d.ledger.postPayout(trx, {
            payoutId: payout.id,
            developerId: devId,
            amountMinor: amount,
            currency: e.currency,
            at: payout.createdAt,
          });
          await this.d.bus.emit(trx, {
            type: 'payout.created',
            aggregateId: devId,
            payload: { payoutId: payout.id, developerId: devId, period, amountMinor: amount, currency: e.currency },
          });
        });
        created.push(payout);
      } catch (err) {
        if (!isUniqueViolation(err, 'payouts.developer_id,period,currency')) throw err; // already paid out: idempotent
      }
    }
    return created;
  }

  private async paidBefore(db: Executor, developerId: string, currency: string, period: string): Promise<number> {
    const r = await db
      .selectFrom('payouts')
      .select((eb) => eb.fn.sum<number>('amount_minor').as('n'))
      .where('developer_id', '=', developerId)
      .where('currency', '=', currency)
      .where('period', '<', period)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async list(db: Executor, developerId: string): Promise<Payout[]> {
    const rows = await db.selectFrom('payouts').selectAll().where('developer_id', '=', developerId).orderBy('period', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      developerId: r.developer_id,
      period: r.period,
      currency: r.currency,
      amountMinor: Number(r.amount_minor),
      createdAt: r.created_at,
    }));
  }

  async statement(db: Executor, developerId: string, payoutId: string): Promise<{ statement: Statement; csv: string }> {
    const r = await db.selectFrom('payouts').selectAll().where('id', '=', payoutId).executeTakeFirst();
    if (!r || r.developer_id !== developerId) throw new AppError('payout_not_found');
    const statement = JSON.parse(r.statement) as Statement;
    return { statement, csv: statementCsv(statement) };
  }

  /** Revenue per currency in [from, to) and what is owed now (developer console). */
  async revenue(db: Executor, developerId: string, from: string, to: string): Promise<Revenue> {
    const rows = await postings(db, { developerId, from, to });
    const lines = linesFrom(rows);
    const currencyOf = new Map(rows.map((r) => [r.reference_id, r.currency]));
    const byCurrency = new Map<
      string,
      { currency: string; units: number; refunds: number; grossMinor: number; commissionMinor: number; netMinor: number }
    >();
    const daily = new Map<string, { day: string; currency: string; units: number; grossMinor: number; netMinor: number }>();
    for (const l of lines) {
      const currency = currencyOf.get(l.reference) as string;
      const c = byCurrency.get(currency) ?? { currency, units: 0, refunds: 0, grossMinor: 0, commissionMinor: 0, netMinor: 0 };
      if (l.type === 'sale') c.units++;
      else c.refunds++;
      c.grossMinor += l.grossMinor;
      c.commissionMinor += l.commissionMinor;
      c.netMinor += l.netMinor;
      byCurrency.set(currency, c);
      const day = l.date.slice(0, 10);
      const d = daily.get(`${day}|${currency}`) ?? { day, currency, units: 0, grossMinor: 0, netMinor: 0 };
      if (l.type === 'sale') d.units++;
      d.grossMinor += l.grossMinor;
      d.netMinor += l.netMinor;
      daily.set(`${day}|${currency}`, d);
    }
    const balances = await this.d.ledger.developerBalances(db, developerId);
    return {
      from,
      to,
      totals: [...byCurrency.values()],
      daily: [...daily.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
      balance: [...balances].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    };
  }
}
