/**
 * `orchard serve --role <role>`: one process of the store. `all` runs everything (embedded
 * default); in a cluster, api processes serve HTTP and keep read replicas, workers run
 * durable consumers, schedulers run periodic jobs. SIGTERM drains gracefully.
 */

import { buildApp } from './app.js';
import { type BackgroundThread, startBackgroundThread } from './background-thread.js';
import type { Config } from './config.js';
import { type AppContext, createContext } from './context.js';
import type { Http } from './http/types.js';
import type { RoleSet } from './modules/module.js';
import { seedDemoIfEmpty } from './seed/seed.js';

export function rolesFor(role: 'all' | 'api' | 'worker' | 'scheduler'): RoleSet {
  return {
    http: role === 'all' || role === 'api',
    worker: role === 'all' || role === 'worker',
    scheduler: role === 'all' || role === 'scheduler',
  };
}

export async function serve(config: Config, role: 'all' | 'api' | 'worker' | 'scheduler'): Promise<{ ctx: AppContext; app?: Http }> {
  // role all: the worker and scheduler roles move to a background thread (background-thread.ts)
  const threaded = role === 'all' && config.backgroundThread;
  const roles = threaded ? { http: true, worker: false, scheduler: false } : rolesFor(role);
  const ctx = await createContext(config);
  ctx.log.info({ role, dialect: ctx.dialect, dataDir: config.dataDir }, 'starting orchard');
  let app: Http | undefined;
  if (roles.http) {
    app = await buildApp(ctx);
    await app.listen({ port: config.port, host: config.host });
  }
  let closing = false;
  let background: BackgroundThread | undefined;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    try {
      await app?.close();
      await background?.stop();
      await ctx.close();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  if (roles.http && config.seed.demo) {
    const seeded = await seedDemoIfEmpty(ctx);
    if (seeded) printDemoLogins(config, seeded.logins);
  }
  await ctx.start(roles);
  if (threaded)
    background = await startBackgroundThread(ctx.log, (err) => {
      if (closing) return;
      // consumers and jobs stopped: exit, so a supervisor restarts the whole store
      ctx.log.fatal({ err }, 'background thread crashed');
      process.exit(1);
    });
  if (background) {
    const thread = background;
    ctx.lifecycle.extraMetrics = () => thread.metrics();
  }
  ctx.log.info({ role, url: roles.http ? config.publicUrl : undefined }, 'orchard ready');
  return { ctx, app };
}

function printDemoLogins(config: Config, logins: Array<{ role: string; email: string; password: string }>) {
  const lines = [
    '',
    `  Orchard demo store is up at ${config.publicUrl}`,
    '  Demo sign-ins:',
    ...logins.map((l) => `    ${l.role.padEnd(10)} ${l.email.padEnd(28)} ${l.password}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
