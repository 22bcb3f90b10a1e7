import { expect, it } from 'vitest';
import { createContext } from '../../context.js';
import { describeStore } from '../../testing/harness.js';
import { ManualClock } from '../clock.js';
import { Scheduler } from './scheduler.js';

const clock = new ManualClock('2026-03-01T00:00:00Z');

describeStore(
  'scheduler leases',
  (store) => {
    it('runs a job at most once per interval across scheduler processes', async () => {
      const { ctx, config } = store();
      const other = await createContext(config, {
        clock,
        pgSchema: config.database.kind === 'postgres' ? config.database.schema : undefined,
      });
      try {
        const a = new Scheduler(ctx.db, clock, ctx.log, ctx.metrics);
        const b = new Scheduler(other.db, clock, other.log, other.metrics);
        let runs = 0;
        const job = { name: 'test.hourly', everyMs: 3_600_000, run: async () => void runs++ };
        a.register(job);
        b.register(job);
        const now = clock.now();
        const [ga, gb] = await Promise.all([a.acquire(job, now), b.acquire(job, now)]);
        expect([ga, gb].filter(Boolean)).toHaveLength(1);
        expect(await a.acquire(job, new Date(now.getTime() + 60_000))).toBe(false);
        expect(await b.acquire(job, new Date(now.getTime() + 3_600_000))).toBe(true);
        await a.runNow('test.hourly');
        expect(runs).toBe(1);
      } finally {
        await other.close();
      }
    });
  },
  { clock },
);
