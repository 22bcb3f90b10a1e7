import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { AppContext } from '../context.js';
import { seedStore } from './seed.js';

export function seedCli(program: Command, open: () => Promise<AppContext>) {
  program
    .command('seed')
    .description('fill the store with a deterministic generated demo catalog')
    .option('--apps <n>', 'number of apps', '5000')
    .option('--users <m>', 'number of customer accounts', '500')
    .option('--seed <s>', 'random seed (same seed, same store)', '42')
    .action(async (o: { apps: string; users: string; seed: string }) => {
      const apps = Number(o.apps);
      const users = Number(o.users);
      if (!Number.isInteger(apps) || apps < 0 || apps > 10_000_000) throw new Error('--apps must be an integer from 0 to 10000000');
      if (!Number.isInteger(users) || users < 0 || users > 10_000_000) throw new Error('--users must be an integer from 0 to 10000000');
      const ctx = await open();
      const bar = new cliProgress.SingleBar(
        { format: 'seed [{bar}] {percentage}% | {value}/{total} apps | {eta_formatted} left', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(apps, 0);
      try {
        const r = await seedStore(ctx, { apps, users, seed: Number(o.seed) || 42, onProgress: (done) => bar.update(done) });
        bar.stop();
        const dbBytes = ctx.database.sqlite ? sqliteBytes(ctx) : await pgBytes(ctx);
        for (const l of r.logins) console.error(`  ${l.role.padEnd(10)} ${l.email.padEnd(28)} ${l.password}`);
        console.log(JSON.stringify({ apps, users, seconds: Math.round(r.seconds * 10) / 10, dbMb: Math.round(dbBytes / 1e5) / 10 }));
      } finally {
        bar.stop();
        await ctx.close();
      }
    });
}

function sqliteBytes(ctx: AppContext): number {
  const file = ctx.config.database.kind === 'sqlite' ? ctx.config.database.file : '';
  return [file, `${file}-wal`].reduce((s, f) => s + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

async function pgBytes(ctx: AppContext): Promise<number> {
  const r = await ctx.database.pool?.query('select pg_database_size(current_database()) as n');
  return Number(r?.rows[0]?.n ?? 0);
}
