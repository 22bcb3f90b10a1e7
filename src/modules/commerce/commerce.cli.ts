import type { Command } from 'commander';
import type { AppContext } from '../../context.js';
import { auditFailed } from './audit/audit.js';
import { previousPeriod } from './payouts/payouts.service.js';

export function commerceCli(program: Command, open: () => Promise<AppContext>) {
  const withCtx = async (fn: (ctx: AppContext) => Promise<void>) => {
    const ctx = await open();
    try {
      await fn(ctx);
    } finally {
      await ctx.close();
    }
  };

  program
    .command('audit')
    .description('check charges, purchases, entitlements and the ledger; exits non-zero on duplicate/orphan charges or unbalanced postings')
    .action(() =>
      withCtx(async (ctx) => {
        const r = await ctx.services.commerce.audit();
        console.log(JSON.stringify({ reconciled: r.reconciled, inFlight: r.inFlight, unpostedPurchases: r.unpostedPurchases }));
        const { charges, purchases, entitlements, duplicateCharges, unbalancedTransactions, orphanCharges } = r;
        console.log(JSON.stringify({ charges, purchases, entitlements, duplicateCharges, unbalancedTransactions, orphanCharges }));
        if (auditFailed(r)) process.exitCode = 1;
      }),
    );

  const keys = program.command('keys').description('receipt signing keys (DATA_DIR/keys)');
  keys
    .command('rotate')
    .description('create a new signing key; older keys stay in the JWKS so old receipts verify')
    .action(() =>
      withCtx(async (ctx) => {
        const kid = ctx.services.commerce.receipts.rotate();
        console.log(JSON.stringify({ kid, keys: ctx.services.commerce.receipts.jwks().keys.map((k) => k.kid) }));
      }),
    );
  keys
    .command('list')
    .description('list the published key ids, current first')
    .action(() =>
      withCtx(async (ctx) => console.log(JSON.stringify({ keys: ctx.services.commerce.receipts.jwks().keys.map((k) => k.kid) }))),
    );

  program
    .command('payouts')
    .description('create monthly payouts (idempotent per developer, period and currency)')
    .option('--period <YYYY-MM>', 'the month to pay out (default: last month)')
    .action((o: { period?: string }) =>
      withCtx(async (ctx) => {
        const created = await ctx.services.commerce.payouts.run(o.period ?? previousPeriod(ctx.clock.now()));
        console.log(JSON.stringify({ created: created.length, payouts: created }));
      }),
    );

  program
    .command('reconcile')
    .description('resolve pending purchases whose charge outcome is unknown')
    .option('--older-than-ms <ms>', 'only purchases at least this old', '0')
    .action((o: { olderThanMs: string }) =>
      withCtx(async (ctx) => console.log(JSON.stringify(await ctx.services.commerce.reconciler.reconcile(Number(o.olderThanMs) || 0)))),
    );
}
