/**
 * `serve --role all` runs HTTP (with the read replicas) on the main thread and the worker and
 * scheduler roles (durable consumers, retries, periodic jobs) on a worker thread with its own
 * context and database connection: the embedded store then uses a second core, and a burst of
 * consumer work does not sit in front of requests on the event loop. It is the cluster split
 * (`--role api` + `--role worker` + `--role scheduler`) inside one process; a SIGKILL still takes
 * the whole store down at once, which the crash-recovery design already handles.
 *
 * The thread runs this same entry file (dist/main.js, or src/main.ts under tsx) and is told by
 * workerData that it is the background thread. BACKGROUND_THREAD=false keeps everything on one
 * thread.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Config } from './config.js';
import { createContext } from './context.js';
import type { Logger } from './platform/logger.js';
import type { MetricsJson } from './platform/metrics.js';

const MARK = 'orchardBackgroundThread';

type Message =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'stop' }
  | { type: 'metrics'; id: number; data?: MetricsJson };

export function isBackgroundThread(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[MARK] === true;
}

export interface BackgroundThread {
  /** Stops consumers and jobs (in-flight work finishes) and waits for the thread to end. */
  stop(): Promise<void>;
  /** The thread's own metrics (consumers, jobs), for the main thread's /metrics; empty if it does not answer in 1 s. */
  metrics(): Promise<MetricsJson>;
}

/** Starts the background thread and resolves once its consumers and jobs run. */
export function startBackgroundThread(log: Logger, onCrash: (err: Error) => void): Promise<BackgroundThread> {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot find the entry file for the background thread');
  const worker = new Worker(entry, { workerData: { [MARK]: true }, execArgv: process.execArgv });
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const asked = new Map<number, (data: MetricsJson) => void>();
  let nextId = 0;
  const metrics = () =>
    new Promise<MetricsJson>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        asked.delete(id);
        resolve([]);
      }, 1000);
      asked.set(id, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
      worker.postMessage({ type: 'metrics', id } satisfies Message);
    });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: Message) => {
      if (m.type === 'metrics') {
        asked.get(m.id)?.(m.data ?? []);
        asked.delete(m.id);
      } else if (m.type === 'ready') {
        log.info('background thread ready (consumers and jobs)');
        resolve({
          metrics,
          async stop() {
            stopping = true;
            worker.postMessage({ type: 'stop' } satisfies Message);
            await exited;
          },
        });
      } else if (m.type === 'failed') reject(new Error(`background thread failed to start: ${m.error}`));
    });
    worker.on('error', (err) => {
      reject(err);
      onCrash(err);
    });
    worker.once('exit', (code) => {
      if (!stopping) onCrash(new Error(`background thread exited with code ${code}`));
    });
  });
}

/** The thread's side: a context running the worker and scheduler roles until told to stop. */
export async function runBackgroundThread(config: Config): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('not a worker thread');
  try {
    const ctx = await createContext(config);
    await ctx.start({ http: false, worker: true, scheduler: true });
    port.on('message', async (m: Message) => {
      if (m.type === 'metrics') {
        // the process-wide default metrics (CPU, memory) are the main thread's to report
        const data = (await ctx.metrics.registry.getMetricsAsJSON()).filter((x) => x.name.startsWith('orchard_'));
        port.postMessage({ type: 'metrics', id: m.id, data } satisfies Message);
        return;
      }
      if (m.type !== 'stop') return;
      await ctx.close();
      port.close();
    });
    port.postMessage({ type: 'ready' } satisfies Message);
  } catch (err) {
    port.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies Message);
    port.close();
  }
}
