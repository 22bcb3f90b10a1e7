/** Time as a dependency, so lifecycle code can be walked through months in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests, sandbox simulations). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string | number = '2026-01-01T00:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date | string | number): void {
    this.t = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const DAY_MS = 86_400_000;
export const isoNow = (clock: Clock): string => clock.now().toISOString();
/** UTC calendar day (YYYY-MM-DD) of a date. */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);
