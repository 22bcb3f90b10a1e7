#!/usr/bin/env node
// orchard-client: sign in, find, get and install apps from an Orchard store, and keep them updated.
import { Command, Option } from 'commander';
import { Client } from '../lib/commands.mjs';
import { ClientError } from '../lib/errors.mjs';
import { defaultStatePath } from '../lib/state.mjs';

const program = new Command()
  .name('orchard-client')
  .description('Device client for an Orchard app store')
  .option('--state <file>', 'state file (server, session, installed apps)', defaultStatePath())
  .showHelpAfterError();

const client = () => new Client(program.opts().state);
const rate = (v) => {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(v);
  if (!m) throw new ClientError(`--limit-rate must be bytes per second, like 500k or 2M (got ${v})`);
  return Math.max(1, Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()]));
};

program
  .command('login')
  .description('sign in to a store')
  .requiredOption('--server <url>', 'store address, e.g. http://localhost:3000')
  .requiredOption('--email <email>')
  .option('--password <password>', 'password (or set ORCHARD_PASSWORD; asked for when missing)')
  .addOption(new Option('--platform <platform>', 'this device').choices(['phone', 'tablet', 'desktop', 'tv']))
  .option('--os-version <version>', 'OS version of this device, e.g. 17.4')
  .action(async (o) => {
    const password = o.password ?? process.env.ORCHARD_PASSWORD ?? (await ask('Password: '));
    await client().login({ server: o.server, email: o.email, password, platform: o.platform, osVersion: o.osVersion });
  });

program
  .command('logout')
  .description('sign out')
  .action(() => client().logout());

program
  .command('search <query...>')
  .description('search the store')
  .option('--limit <n>', 'results', '10')
  .action(async (q, o) => client().search(q.join(' '), { limit: Number(o.limit) || 10 }));

program
  .command('get <bundleId>')
  .description('get a free app or buy a paid one')
  .option('--payment-token <token>', 'payment token for paid apps (sandbox: tok_ok)', 'tok_ok')
  .action(async (id, o) => client().get(id, { paymentToken: o.paymentToken }));

program
  .command('install <bundleId>')
  .description('download, verify and install an app you own (resumes an interrupted download)')
  .option('--limit-rate <bytesPerSecond>', 'cap the download speed, e.g. 500k or 2M', rate)
  .option('--force', 'download again even if up to date')
  .action(async (id, o) => client().install(id, { limitRate: o.limitRate, force: o.force }));

program
  .command('list')
  .description('list installed apps')
  .action(() => client().list());
program
  .command('uninstall <bundleId>')
  .description('remove an installed app')
  .action((id) => client().uninstall(id));
program
  .command('updates')
  .description('check for updates')
  .action(async () => client().updates());

program
  .command('update [bundleIds...]')
  .description('install available updates')
  .option('--all', 'update every app that has an update')
  .option('--limit-rate <bytesPerSecond>', 'cap the download speed, e.g. 500k or 2M', rate)
  .action(async (ids, o) => client().update(ids, { all: o.all, limitRate: o.limitRate }));

async function ask(prompt) {
  if (!process.stdin.isTTY) throw new ClientError('No password given.', { hint: 'Pass --password or set ORCHARD_PASSWORD.' });
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // keep the typed password off the screen
  rl._writeToOutput = (s) => rl.output.write(s.startsWith(prompt) ? prompt : '');
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

program.parseAsync(process.argv).catch((err) => {
  const msg = err instanceof ClientError ? err.message : `Unexpected error: ${err?.stack ?? err}`;
  console.error(`orchard-client: ${msg}`);
  if (err?.hint) console.error(`  ${err.hint}`);
  process.exit(1);
});
