/**
 * Entry point: the operator CLI. `serve` runs the store in one of the roles
 * all | api | worker | scheduler; every other command opens the same context, does one job
 * and exits.
 */
import { Command, Option } from 'commander';
import { isBackgroundThread, runBackgroundThread } from './background-thread.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createContext } from './context.js';
import { moduleClis } from './modules/index.js';
import { eventsCli } from './platform/events/events.cli.js';
import { opsCli } from './platform/ops/ops.cli.js';
import { seedCli } from './seed/seed.cli.js';
import { serve } from './server.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command()
  .name('orchard')
  .description('Orchard app store — server and operator CLI')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode);
  });

program
  .command('serve', { isDefault: true })
  .description('serve the store (API, web, workers, scheduler)')
  .addOption(new Option('--role <role>', 'which parts to run').choices(['all', 'api', 'worker', 'scheduler']).default('all'))
  .action(async (o: { role: 'all' | 'api' | 'worker' | 'scheduler' }) => {
    await serve(config(), o.role);
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const ctx = await createContext(config());
    console.log(JSON.stringify({ migrated: true, dialect: ctx.dialect }));
    await ctx.close();
  });

// CLI commands contributed by modules and platform parts; they open a context only when run.
const open = () => createContext(config());
for (const register of moduleClis) register(program, open);
eventsCli(program, open);
seedCli(program, open);
opsCli(program, config);

if (isBackgroundThread()) await runBackgroundThread(config());
else
  await program.parseAsync(process.argv).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
