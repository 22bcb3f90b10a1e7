import type { Command } from 'commander';
import type { AppContext } from '../../context.js';
import type { UserRole } from './accounts.tables.js';

const ROLES: UserRole[] = ['customer', 'developer', 'moderator', 'admin'];

export function accountsCli(program: Command, open: () => Promise<AppContext>) {
  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description('create a user (e.g. the first admin)')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>', 'at least 8 characters')
    .option('--name <displayName>', 'display name', 'Administrator')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'customer')
    .action(async (o: { email: string; password: string; name: string; role: string }) => {
      if (!ROLES.includes(o.role as UserRole)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      if (o.password.length < 8) throw new Error('--password must be at least 8 characters');
      const ctx = await open();
      try {
        const u = await ctx.services.accounts.createUser(ctx.db, {
          email: o.email,
          password: o.password,
          displayName: o.name,
          role: o.role as UserRole,
        });
        console.log(JSON.stringify({ id: u.id, email: u.email, role: u.role }));
      } finally {
        await ctx.close();
      }
    });
  user
    .command('set-role')
    .description("change a user's role")
    .requiredOption('--email <email>')
    .requiredOption('--role <role>')
    .action(async (o: { email: string; role: string }) => {
      if (!ROLES.includes(o.role as UserRole)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      const ctx = await open();
      try {
        const u = await ctx.services.accounts.findUserByEmail(ctx.db, o.email);
        if (!u) throw new Error(`no user with email ${o.email}`);
        const updated = await ctx.services.accounts.setRole(ctx.db, u.id, o.role as UserRole);
        console.log(JSON.stringify({ id: updated.id, email: updated.email, role: updated.role }));
      } finally {
        await ctx.close();
      }
    });
}
