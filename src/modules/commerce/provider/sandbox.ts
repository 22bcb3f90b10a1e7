/**
 * The built-in sandbox payment provider. It stands for an external system, so it keeps its own
 * records in its own SQLite file (DATA_DIR/sandbox-provider.db), never in the store's database
 * and never inside a store transaction: a crash of the store between "charged" and "recorded" is
 * then a real split-brain that reconciliation and the audit must handle, as with a real provider.
 * Each record is committed (WAL) before the call answers, so it survives a SIGKILL of the server.
 *
 * Tokens: tok_ok succeeds; tok_decline is declined; tok_timeout charges but never answers in
 * time; tok_flaky fails twice per idempotency key (nothing charged) and then succeeds;
 * tok_unavailable always fails before processing. Anything else is declined (invalid_token).
 */
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { openSqlite } from '../../../db/database.js';
import { newId } from '../../../platform/ids.js';
import {
  type ChargeLookup,
  type ChargeOutcome,
  type ChargeRecord,
  type ChargeRequest,
  type PaymentProvider,
  ProviderError,
} from './port.js';

const FLAKY_FAILURES = 2;

interface ChargeRow {
  id: string;
  idempotency_key: string;
  reference: string;
  amount_minor: number;
  currency: string;
  token: string;
  status: ChargeRecord['status'];
  decline_code: string | null;
  created_at: string;
}

export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  readonly environment = 'sandbox' as const;
  private readonly db: SqliteDatabase.Database;
  private readonly q: ReturnType<SandboxProvider['prepare']>;

  constructor(
    dataDir: string,
    private readonly opts: { timeoutDelayMs: number; now?: () => Date },
  ) {
    this.db = openSqlite(path.join(dataDir, 'sandbox-provider.db'));
    this.db.exec(`
      create table if not exists charges (
        id text primary key, idempotency_key text not null unique, reference text not null,
        amount_minor integer not null, currency text not null, token text not null,
        status text not null, decline_code text, created_at text not null, updated_at text not null);
      create index if not exists charges_reference_idx on charges (reference);
      create table if not exists attempts (idempotency_key text primary key, failures integer not null);
      create table if not exists refunds (
        id text primary key, idempotency_key text not null unique, charge_id text not null,
        amount_minor integer not null, created_at text not null);`);
    this.q = this.prepare();
  }

  private prepare() {
    return {
      byKey: this.db.prepare<[string], ChargeRow>('select * from charges where idempotency_key = ?'),
      insert: this.db.prepare(
        `insert into charges (id, idempotency_key, reference, amount_minor, currency, token, status, decline_code, created_at, updated_at)
         values (@id, @idempotency_key, @reference, @amount_minor, @currency, @token, @status, @decline_code, @created_at, @created_at)`,
      ),
      failure: this.db.prepare<[string], { failures: number }>(
        `insert into attempts (idempotency_key, failures) values (?, 1)
         on conflict (idempotency_key) do update set failures = failures + 1 returning failures`,
      ),
      refundByKey: this.db.prepare<[string], { id: string }>('select id from refunds where idempotency_key = ?'),
      insertRefund: this.db.prepare(
        'insert into refunds (id, idempotency_key, charge_id, amount_minor, created_at) values (?, ?, ?, ?, ?)',
      ),
      markRefunded: this.db.prepare(`update charges set status = 'refunded', updated_at = ? where id = ? and status = 'succeeded'`),
      byId: this.db.prepare<[string], ChargeRow>('select * from charges where id = ?'),
      scan: this.db.prepare<[string, number], ChargeRow>('select * from charges where id > ? order by id limit ?'),
    };
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  async charge(req: ChargeRequest): Promise<ChargeOutcome> {
    const outcome = this.chargeNow(req);
    // tok_timeout: the charge is on record, but the answer arrives too late for any client.
    if (req.token === 'tok_timeout') await sleep(this.opts.timeoutDelayMs);
    if (outcome instanceof ProviderError) throw outcome;
    return outcome;
  }

  /** Synchronous, so the record is committed before anything is answered. */
  private chargeNow(req: ChargeRequest): ChargeOutcome | ProviderError {
    const existing = this.q.byKey.get(req.idempotencyKey);
    if (existing) return this.replay(existing);
    if (req.token === 'tok_unavailable') return new ProviderError('unavailable', 'sandbox: provider unavailable');
    if (req.token === 'tok_flaky') {
      const n = this.q.failure.get(req.idempotencyKey)?.failures ?? 0;
      if (n <= FLAKY_FAILURES) return new ProviderError('unavailable', `sandbox: transient failure ${n}`);
    }
    const declineCode = req.token === 'tok_decline' ? 'card_declined' : isKnownGoodToken(req.token) ? null : 'invalid_token';
    const row: ChargeRow = {
      id: `ch_${newId().replaceAll('-', '')}`,
      idempotency_key: req.idempotencyKey,
      reference: req.reference,
      amount_minor: req.amountMinor,
      currency: req.currency,
      token: req.token,
      status: declineCode ? 'declined' : 'succeeded',
      decline_code: declineCode,
      created_at: this.now(),
    };
    this.q.insert.run(row);
    return this.replay(row);
  }

  private replay(r: ChargeRow): ChargeOutcome | ProviderError {
    if (r.status === 'voided') return new ProviderError('unavailable', 'sandbox: this idempotency key was voided');
    if (r.status === 'declined') return { status: 'declined', chargeId: r.id, declineCode: r.decline_code ?? 'card_declined' };
    return { status: 'succeeded', chargeId: r.id };
  }

  async lookup(idempotencyKey: string): Promise<ChargeLookup> {
    const r = this.q.byKey.get(idempotencyKey);
    return r ? toLookup(r) : { status: 'not_found' };
  }

  async void(idempotencyKey: string): Promise<ChargeLookup> {
    const tx = this.db.transaction((): ChargeLookup => {
      const r = this.q.byKey.get(idempotencyKey);
      if (r) return toLookup(r);
      const now = this.now();
      this.q.insert.run({
        id: `void_${newId().replaceAll('-', '')}`,
        idempotency_key: idempotencyKey,
        reference: '',
        amount_minor: 0,
        currency: '',
        token: '',
        status: 'voided',
        decline_code: null,
        created_at: now,
      });
      return { status: 'voided' };
    });
    return tx.immediate();
  }

  async refund(req: { idempotencyKey: string; chargeId: string; amountMinor: number }): Promise<{ refundId: string }> {
    const tx = this.db.transaction(() => {
      const existing = this.q.refundByKey.get(req.idempotencyKey);
      if (existing) return { refundId: existing.id };
      const charge = this.q.byId.get(req.chargeId);
      if (!charge || (charge.status !== 'succeeded' && charge.status !== 'refunded'))
        throw new ProviderError('unknown', `sandbox: no refundable charge ${req.chargeId}`);
      const id = `re_${newId().replaceAll('-', '')}`;
      const now = this.now();
      this.q.insertRefund.run(id, req.idempotencyKey, req.chargeId, req.amountMinor, now);
      this.q.markRefunded.run(now, req.chargeId);
      return { refundId: id };
    });
    return tx.immediate();
  }

  async scanCharges(afterId: string, limit: number): Promise<ChargeRecord[]> {
    return this.q.scan.all(afterId, limit).map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      reference: r.reference,
      amountMinor: Number(r.amount_minor),
      currency: r.currency,
      status: r.status,
      createdAt: r.created_at,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const isKnownGoodToken = (t: string) => t === 'tok_ok' || t === 'tok_timeout' || t === 'tok_flaky';

function toLookup(r: ChargeRow): ChargeLookup {
  if (r.status === 'voided') return { status: 'voided' };
  if (r.status === 'refunded') return { status: 'refunded', chargeId: r.id };
  if (r.status === 'declined') return { status: 'declined', chargeId: r.id, declineCode: r.decline_code ?? 'card_declined' };
  return { status: 'succeeded', chargeId: r.id };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
