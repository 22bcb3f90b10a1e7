import { AppError } from './errors.js';

/**
 * Caps how many expensive operations (password hashing) run at once; callers beyond the cap
 * wait in a bounded queue, and past the queue bound get `server_busy` instead of piling up.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(
    private readonly limit: number,
    private readonly maxQueue = 1000,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxQueue) throw new AppError('server_busy', undefined, undefined, { 'retry-after': '1' });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
