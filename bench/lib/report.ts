/**
 * Shared plumbing for benchmarks: argument parsing with --help, progress on stderr, and writing
 * a benchmark's section of docs/benchmarks.md between `<!-- bench:NAME -->` markers. The last
 * stdout line of every benchmark is one JSON object (CONTRACT.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * A file of the shared evaluation data (`shared/<relative>`), found next to the checkout or a
 * level or two further up (a worktree); undefined when it is not on this machine.
 */
export function sharedDataFile(relative: string): string | undefined {
  for (const up of ['..', '../..', '../../..']) {
    const p = path.resolve(repoRoot, up, 'shared', relative);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

type Opt = { type: 'string' | 'boolean'; default?: string | boolean; description: string };

/** Parses flags; prints usage and exits on --help. `name` is the script after `npm run` ("bench:" is implied without a colon). */
export function benchArgs<T extends Record<string, Opt>>(name: string, summary: string, options: T) {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, default: o.default }])),
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  } as never) as { values: Record<string, string | boolean | undefined> };
  if (values.help) {
    const lines = [`npm run ${name.includes(':') ? name : `bench:${name}`} -- [options]`, '', summary, '', 'Options:'];
    for (const [k, o] of Object.entries(options))
      lines.push(`  --${k.padEnd(18)} ${o.description}${o.default !== undefined ? ` (default ${o.default})` : ''}`);
    lines.push(`  --${'help'.padEnd(18)} this text`);
    console.log(lines.join('\n'));
    process.exit(0);
  }
  return values as { [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean : string };
}

export const progress = (msg: string) => process.stderr.write(`${msg}\n`);

/** Percentile of a sorted-on-demand sample (ms). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const s = [...samples].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i] as number;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const rssMb = () => round(process.memoryUsage().rss / 1024 / 1024, 0);

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * Replaces this benchmark's section in docs/benchmarks.md (creating it if missing) with
 * `markdown`, stamped with the date and machine, and prints `figures` as the last JSON line.
 */
export function report(name: string, title: string, markdown: string, figures: Record<string, unknown>): void {
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n## ${title}\n\n_Last run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}._\n\n${markdown.trim()}\n\n\`\`\`json\n${JSON.stringify(figures)}\n\`\`\`\n${end}`;
  let doc = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures written by `npm run bench:*` and `npm run eval:*`; each section is replaced by its benchmark.\n';
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, doc);
  console.log(JSON.stringify(figures));
}
