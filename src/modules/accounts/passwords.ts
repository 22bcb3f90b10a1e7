/**
 * Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 iterations,
 * parallelism 1), run on the libuv pool with a cap on how many hash at once.
 */
import { hash, verify } from '@node-rs/argon2';

/** Argon2id in @node-rs/argon2's (const enum) Algorithm numbering. */
const ARGON2ID = 2;

import type { Config } from '../../config.js';
import { Semaphore } from '../../platform/semaphore.js';

export class PasswordHasher {
  private readonly gate: Semaphore;
  private dummy: Promise<string> | undefined;
  constructor(private readonly cfg: Config['auth']['hash']) {
    this.gate = new Semaphore(cfg.concurrency, 500);
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() =>
      hash(password, {
        algorithm: ARGON2ID,
        memoryCost: this.cfg.memoryKiB,
        timeCost: this.cfg.iterations,
        parallelism: 1,
      }),
    );
  }

  async verify(stored: string | undefined, password: string): Promise<boolean> {
    // Unknown accounts still cost one verification, so timing does not reveal which emails exist.
    this.dummy ??= this.hash('orchard-dummy-password');
    const target = stored ?? (await this.dummy);
    const ok = await this.gate.run(() => verify(target, password).catch(() => false));
    return ok && stored !== undefined;
  }
}
