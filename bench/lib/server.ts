/** A store server from this checkout's build, in a child process, for the HTTP phases of benches. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './report.js';

/**
 * Builds if needed, starts `dist/main.js serve` on loopback with an empty (or given) data dir
 * and bench-friendly settings, and resolves once /health/ready answers 200.
 */
export async function startBenchServer(opts: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  timeoutMs?: number;
  pollMs?: number;
}): Promise<{ child: ChildProcess; readyMs: number }> {
  spawnSync(process.execPath, [path.join(repoRoot, 'scripts/ensure-built.mjs'), '--quiet'], { stdio: 'inherit' });
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(repoRoot, 'dist/main.js'), 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: opts.dataDir,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      NODE_ENV: 'production',
      ...opts.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${opts.port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, readyMs: performance.now() - t0 };
    if (child.exitCode !== null) throw new Error('server exited before it was ready');
    if (Date.now() > deadline) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
  }
}
