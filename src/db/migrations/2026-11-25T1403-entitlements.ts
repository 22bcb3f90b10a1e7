import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('entitlements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    // '' = the app itself; otherwise an in-app product or subscription group id
    .addColumn('product_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('free', 'purchase', 'subscription', 'grant')`))
    .addColumn('source_id', 'text')
    .addColumn('granted_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .addColumn('revoke_reason', 'text')
    .execute();
  // One live entitlement per (user, app, product): the database refuses a second one.
  await db.schema
    .createIndex('entitlements_live_unique')
    .on('entitlements')
    .columns(['user_id', 'app_id', 'product_key'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.createIndex('entitlements_user_idx').on('entitlements').columns(['user_id', 'granted_at']).execute();
  await db.schema.createIndex('entitlements_app_idx').on('entitlements').column('app_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('entitlements').execute();
}
