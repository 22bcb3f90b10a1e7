/**
 * Every call to the payment provider goes through here: an opossum circuit breaker (fail fast
 * while the provider is down), a timeout, and retries of retryable failures only — `unavailable`
 * means the provider refused before processing, so a retry cannot double-charge (and the
 * idempotency key would stop it anyway). Timeouts are not retried in the request: the outcome
 * is unknown, and piling retries on a slow provider makes it slower; reconciliation asks later.
 */
import CircuitBreaker from 'opossum';
import type { Logger } from '../../../platform/logger.js';
import {
  type ChargeLookup,
  type ChargeOutcome,
  type ChargeRecord,
  type ChargeRequest,
  type PaymentProvider,
  ProviderError,
} from './port.js';

export interface ResilienceOptions {
  timeoutMs: number;
  retries: number;
  resetMs: number;
  errorPercent: number;
  volume: number;
  /** Base backoff before retry n (ms): base·2^n, full jitter. */
  backoffBaseMs?: number;
}

type Op = () => Promise<unknown>;

export class ResilientProvider implements PaymentProvider {
  readonly breaker: CircuitBreaker<[Op], unknown>;

  constructor(
    readonly inner: PaymentProvider,
    private readonly opts: ResilienceOptions,
    log: Logger,
  ) {
    this.breaker = new CircuitBreaker<[Op], unknown>((op: Op) => op(), {
      name: `payment-provider:${inner.name}`,
      timeout: opts.timeoutMs,
      resetTimeout: opts.resetMs,
      errorThresholdPercentage: opts.errorPercent,
      volumeThreshold: opts.volume,
      rollingCountTimeout: 10_000,
    });
    this.breaker.on('open', () => log.warn({ provider: inner.name }, 'payment provider circuit opened'));
    this.breaker.on('close', () => log.info({ provider: inner.name }, 'payment provider circuit closed'));
  }

  get name() {
    return this.inner.name;
  }
  get environment() {
    return this.inner.environment;
  }

  /** Runs `fn` through the breaker, retrying `unavailable` with exponential backoff and jitter. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.breaker.fire(fn)) as T;
      } catch (err) {
        const e = this.translate(err);
        if (e.kind !== 'unavailable' || attempt >= this.opts.retries) throw e;
        const base = (this.opts.backoffBaseMs ?? 20) * 2 ** attempt;
        await new Promise((r) => setTimeout(r, Math.random() * base + base / 2));
      }
    }
  }

  private translate(err: unknown): ProviderError {
    if (err instanceof ProviderError) return err;
    const code = (err as { code?: string })?.code;
    if (code === 'EOPENBREAKER' || code === 'ESHUTDOWN')
      return new ProviderError('circuit_open', 'payment provider circuit is open', Math.max(1, Math.ceil(this.opts.resetMs / 1000)));
    if (code === 'ETIMEDOUT') return new ProviderError('timeout', `payment provider did not answer within ${this.opts.timeoutMs} ms`);
    return new ProviderError('unknown', err instanceof Error ? err.message : String(err));
  }

  charge(req: ChargeRequest): Promise<ChargeOutcome> {
    return this.call(() => this.inner.charge(req));
  }
  lookup(idempotencyKey: string): Promise<ChargeLookup> {
    return this.call(() => this.inner.lookup(idempotencyKey));
  }
  void(idempotencyKey: string): Promise<ChargeLookup> {
    return this.call(() => this.inner.void(idempotencyKey));
  }
  refund(req: { idempotencyKey: string; chargeId: string; amountMinor: number }): Promise<{ refundId: string }> {
    return this.call(() => this.inner.refund(req));
  }
  /** Audit reads straight through: it must not be blocked by (or count towards) the breaker. */
  scanCharges(afterId: string, limit: number): Promise<ChargeRecord[]> {
    return this.inner.scanCharges(afterId, limit);
  }
  async close(): Promise<void> {
    this.breaker.shutdown();
    await this.inner.close();
  }
}
