import type { Command } from 'commander';
import type { AppContext } from '../../context.js';
import { runEval } from './eval.js';
import { readLabelCsv } from './labels-csv.js';
import { DEFAULT_TRAIN } from './model/logreg.js';

const epochs = (e: number) => process.stderr.write(`training: epoch ${e}/${DEFAULT_TRAIN.epochs}\n`);

export function integrityCli(program: Command, open: () => Promise<AppContext>) {
  const integrity = program.command('integrity').description('review-integrity model: evaluate and train');
  integrity
    .command('eval')
    .description('train on --train, print {accuracy, precision, recall, f1, trainSeconds} for --test (CSV text,label[,rating])')
    .requiredOption('--train <file>', 'labelled CSV to train on')
    .requiredOption('--test <file>', 'labelled CSV to measure on')
    .action(async (o: { train: string; test: string }) => {
      const train = readLabelCsv(o.train);
      const test = readLabelCsv(o.test);
      process.stderr.write(`eval: ${train.length} training and ${test.length} test reviews\n`);
      console.log(JSON.stringify(await runEval(train, test, epochs)));
    });
  integrity
    .command('train')
    .description('add labelled reviews (CSV text,label[,rating]) and train the live model from every label')
    .requiredOption('--labels <file>', 'labelled CSV')
    .option('--force', 'make the new version live even if it is worse than the current one')
    .action(async (o: { labels: string; force?: boolean }) => {
      const rows = readLabelCsv(o.labels);
      const ctx = await open();
      try {
        await ctx.services.integrity.training.importLabels(ctx.db, rows);
        process.stderr.write(`train: imported ${rows.length} labels\n`);
        const r = await ctx.services.integrity.training.retrain(ctx.db, 'cli', { force: o.force, onEpoch: epochs });
        const { metrics, ...rest } = r;
        console.log(
          JSON.stringify({ ...rest, accuracy: metrics.accuracy, precision: metrics.precision, recall: metrics.recall, f1: metrics.f1 }),
        );
      } finally {
        await ctx.close();
      }
    });
}
