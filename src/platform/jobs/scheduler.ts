/**
 * Periodic jobs with store-wide leadership per job: before a run, a process takes the job's
 * lease row (an upsert that only succeeds when the previous lease has lapsed), so any number
 * of scheduler processes run each job at most once per interval. A crashed run is repaired
 * by the next one.
 */
import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

export interface JobSpec {
  /** Stable name; keys the lease. */
  name: string;
  everyMs: number;
  /** Run once right after start (when the lease allows) rather than waiting an interval. */
  runAtStart?: boolean;
  run(now: Date): Promise<void>;
}

export class Scheduler {
  private readonly jobs = new Map<string, JobSpec>();
  private readonly owner = newId();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly tickMs = 1000,
  ) {}

  register(job: JobSpec): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} twice`);
    this.jobs.set(job.name, job);
  }

  list(): JobSpec[] {
    return [...this.jobs.values()];
  }

  start(): void {
    this.stopped = false;
    const now = this.clock.now().getTime();
    for (const j of this.jobs.values()) this.startedAt.set(j.name, j.runAtStart ? 0 : now);
    const tick = () => {
      this.timer = setTimeout(async () => {
        this.running = this.tick();
        await this.running;
        if (!this.stopped) tick();
      }, this.tickMs);
      this.timer.unref?.();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    for (const job of this.jobs.values()) {
      if (this.stopped) return;
      const now = this.clock.now();
      if (now.getTime() - (this.startedAt.get(job.name) ?? 0) < job.everyMs) continue;
      if (!(await this.acquire(job, now))) continue;
      this.startedAt.set(job.name, now.getTime());
      await this.execute(job, now);
    }
  }

  /** Runs a job now regardless of its schedule (CLI, admin "run now", tests). */
  async runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    await this.execute(job, this.clock.now());
  }

  private async execute(job: JobSpec, now: Date): Promise<void> {
    const t0 = performance.now();
    try {
      await job.run(now);
      this.metrics.jobRuns.inc({ job: job.name, outcome: 'ok' });
      this.log.debug({ job: job.name, ms: Math.round(performance.now() - t0) }, 'job done');
    } catch (err) {
      this.metrics.jobRuns.inc({ job: job.name, outcome: 'error' });
      this.log.error({ err, job: job.name }, 'job failed');
    }
  }

  /** Takes the job's lease for one interval if nobody holds a live one. */
  async acquire(job: JobSpec, now: Date): Promise<boolean> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + job.everyMs - Math.min(500, job.everyMs / 10)).toISOString();
    const r = await this.db
      .insertInto('job_leases')
      .values({ name: job.name, owner: this.owner, expires_at: until, last_run_at: nowIso })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner: this.owner, expires_at: until, last_run_at: nowIso })
          .where('job_leases.expires_at', '<=', nowIso),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
