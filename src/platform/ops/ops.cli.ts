/** Operator commands for a whole store: backup, restore, and moving SQLite data to PostgreSQL. */
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import { createContext } from '../../context.js';
import { backupStore, restoreStore } from './backup.js';
import { migrateDataToPostgres } from './migrate-data.js';

export function opsCli(program: Command, config: () => Config) {
  program
    .command('backup <dir>')
    .description('copy the database (online), blobs, keys and provider records into an empty directory')
    .action(async (dir: string) => {
      console.log(JSON.stringify(await backupStore(config(), dir)));
    });
  program
    .command('restore <dir>')
    .description('put a backup back into DATA_DIR / DATABASE_URL (stop the store first)')
    .action(async (dir: string) => {
      console.log(JSON.stringify(await restoreStore(config(), dir)));
    });
  program
    .command('migrate-data')
    .description('copy this SQLite store into an empty PostgreSQL database, then verify row counts and the audit')
    .requiredOption('--to <url>', 'postgres:// URL of the target database')
    .action(async (o: { to: string }) => {
      const source = config();
      if (!/^postgres(ql)?:\/\//.test(o.to)) throw new Error('--to must be a postgres:// URL');
      const target: Config = { ...source, database: { kind: 'postgres', url: o.to, poolSize: 5 }, seed: { ...source.seed, demo: false } };
      let last = '';
      const tables = await migrateDataToPostgres(source, target, (t, n) => {
        if (t !== last) process.stderr.write(`\n${t}: `);
        last = t;
        process.stderr.write(`\r${t}: ${n} rows`);
      });
      process.stderr.write('\n');
      const mismatched = tables.filter((t) => t.source !== t.target);
      const ctx = await createContext(target);
      try {
        const audit = await ctx.services.commerce.audit();
        const { charges, purchases, entitlements, duplicateCharges, unbalancedTransactions, orphanCharges } = audit;
        console.log(
          JSON.stringify({
            tables: tables.length,
            rows: tables.reduce((a, t) => a + t.target, 0),
            mismatchedTables: mismatched.map((t) => t.table),
            audit: { charges, purchases, entitlements, duplicateCharges, unbalancedTransactions, orphanCharges },
          }),
        );
        if (mismatched.length > 0 || duplicateCharges || unbalancedTransactions || orphanCharges) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
    });
}
