/**
 * The payment provider port: what the store needs from whoever moves the money. The built-in
 * sandbox implements it; a real provider adapter (HTTP) would too. Every call that can move money
 * carries an idempotency key, and the provider guarantees one key never charges (or refunds) twice.
 */

export interface ChargeRequest {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  /** Payment method token from the client (sandbox: tok_ok, tok_decline, tok_timeout, tok_flaky). */
  token: string;
  /** The store's reference (purchase id), kept by the provider for reconciliation and audit. */
  reference: string;
}

export type ChargeOutcome = { status: 'succeeded'; chargeId: string } | { status: 'declined'; chargeId: string; declineCode: string };

/** What the provider knows about an idempotency key. `voided`: the key was closed without a charge. */
export type ChargeLookup = ChargeOutcome | { status: 'refunded'; chargeId: string } | { status: 'not_found' } | { status: 'voided' };

export interface ChargeRecord {
  id: string;
  idempotencyKey: string;
  reference: string;
  amountMinor: number;
  currency: string;
  status: 'succeeded' | 'declined' | 'refunded' | 'voided';
  createdAt: string;
}

/**
 * `unavailable`: the provider refused before processing (nothing charged; retryable).
 * `timeout`: no answer in time (outcome unknown: reconciliation asks later).
 * `circuit_open`: the call was not sent at all.
 * `unknown`: any other failure (treated like a timeout: outcome unknown).
 */
export type ProviderErrorKind = 'unavailable' | 'timeout' | 'circuit_open' | 'unknown';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** Seconds after which a retry may succeed (circuit open). */
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
  /** True when the provider certainly did not charge. */
  get notCharged(): boolean {
    return this.kind === 'unavailable' || this.kind === 'circuit_open';
  }
}

export interface PaymentProvider {
  readonly name: string;
  readonly environment: 'sandbox' | 'production';
  charge(req: ChargeRequest): Promise<ChargeOutcome>;
  lookup(idempotencyKey: string): Promise<ChargeLookup>;
  /** Closes a key so no later charge can land on it; returns the charge when one already exists. */
  void(idempotencyKey: string): Promise<ChargeLookup>;
  refund(req: { idempotencyKey: string; chargeId: string; amountMinor: number }): Promise<{ refundId: string }>;
  /** Every charge record in id order (audit). */
  scanCharges(afterId: string, limit: number): Promise<ChargeRecord[]>;
  close(): Promise<void>;
}
