import type { Command } from 'commander';
import type { AppContext } from '../context.js';
import type { Http } from '../http/types.js';
import type { Consumer } from '../platform/events/types.js';
import type { JobSpec } from '../platform/jobs/scheduler.js';

/**
 * What a domain module contributes. Modules are assembled in modules/index.ts; each one may
 * read services of the modules listed before it (through ctx.services), never their tables.
 */
export interface OrchardModule {
  name: string;
  /** Fastify plugin registered under /api/v1. */
  routes?: (app: Http, ctx: AppContext) => Promise<void> | void;
  /** Routes outside /api/v1 (/.well-known, /media...). */
  rootRoutes?: (app: Http, ctx: AppContext) => Promise<void> | void;
  consumers?: Consumer[];
  jobs?: JobSpec[];
  /** Called once the context is built, before serving (load indexes, warm caches). */
  start?: (roles: RoleSet) => Promise<void>;
  stop?: () => Promise<void>;
  /** Readiness: false (with a reason) keeps /health/ready at 503. */
  ready?: () => { ok: boolean; reason?: string };
}

/** Adds operator CLI subcommands; `open` builds a context when a command runs. */
export type CliRegistration = (program: Command, open: () => Promise<AppContext>) => void;

export interface RoleSet {
  /** Serves HTTP (api). */
  http: boolean;
  /** Runs durable consumers (worker). */
  worker: boolean;
  /** Runs periodic jobs (scheduler). */
  scheduler: boolean;
}
