/**
 * Crash tests' server processes: the server bundled once per test file (as `npm start` runs it,
 * since a tsx start costs seconds on a busy machine), CLI commands, and servers awaited until ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { bundleMain } from './cluster.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The environment of a test server process on loopback: this process's environment without
 * DATABASE_URL and FAULT_CRASH_AT (a test adds them deliberately), quiet logs, no demo seed.
 */
export function serverEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.FAULT_CRASH_AT;
  return { ...env, ...extra };
}

export function serverProcesses() {
  let bundle = '';
  beforeAll(async () => {
    bundle = await bundleMain();
  }, 60_000);
  afterAll(() => {
    if (bundle) fs.rmSync(bundle, { force: true });
  });

  /** `orchard <args>` in a child process with exactly `env`. */
  const run = (args: string[], env: Record<string, string>): ChildProcess =>
    spawn(process.execPath, [bundle, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });

  /** `orchard serve` until `${url}/health/ready` answers 200; `exited` resolves with its signal or code. */
  async function startServer(env: Record<string, string>, url: string) {
    const child = run(['serve'], env);
    let log = '';
    child.stdout?.on('data', (d) => {
      log += d;
    });
    child.stderr?.on('data', (d) => {
      log += d;
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`${url}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return { child, exited, log: () => log };
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`server did not start:\n${log}`);
  }

  return { run, startServer };
}
