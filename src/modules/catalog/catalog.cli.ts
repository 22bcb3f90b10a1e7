import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { AppContext } from '../../context.js';
import { importFile } from './import.js';

export function catalogCli(program: Command, open: () => Promise<AppContext>) {
  program
    .command('import <file>')
    .description('import apps from a JSON Lines file, upserting by bundleId')
    .option('--batch <n>', 'lines per transaction', '1000')
    .action(async (file: string, o: { batch: string }) => {
      const ctx = await open();
      const bar = new cliProgress.SingleBar(
        { format: 'import [{bar}] {percentage}% | {lines} lines | {eta_formatted} left', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      try {
        const summary = await importFile(ctx, file, {
          batchSize: Math.max(1, Number(o.batch) || 1000),
          onProgress: (bytes, total, lines) => {
            if (!started) {
              bar.start(Math.max(1, total), 0, { lines: 0 });
              started = true;
            }
            bar.update(bytes, { lines });
          },
        });
        if (started) bar.stop();
        for (const p of summary.problems) console.error(`line ${p.line}: ${p.error}`);
        if (summary.failed > summary.problems.length) console.error(`… and ${summary.failed - summary.problems.length} more bad lines`);
        const { problems: _p, ...rest } = summary;
        console.log(JSON.stringify(rest));
        if (summary.created + summary.updated === 0 && summary.failed > 0) process.exitCode = 1;
      } finally {
        if (started) bar.stop();
        await ctx.close();
      }
    });
}
