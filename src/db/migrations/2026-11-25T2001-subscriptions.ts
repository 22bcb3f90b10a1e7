import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('subscription_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('subscription_groups_app_name_unique', ['app_id', 'name'])
    .execute();
  await db.schema
    .createTable('subscription_settings')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('apps.id'))
    .addColumn('grace_period_days', 'integer', (c) => c.notNull().check(sql`grace_period_days between 0 and 16`))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('subscription_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('subscription_groups.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('week', 'month', 'quarter', 'year')`))
    // 1 is the highest level of service in the group
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level >= 1`))
    .addColumn('intro_type', 'text', (c) => c.check(sql`intro_type in ('free_trial', 'intro_price')`))
    .addColumn('intro_periods', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'removed')`))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('subscription_products_app_product_unique', ['app_id', 'product_id'])
    .execute();
  await db.schema
    .createTable('subscription_prices')
    .addColumn('sub_product_id', 'text', (c) => c.notNull().references('subscription_products.id'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('price_minor', t.bigint, (c) => c.notNull().check(sql`price_minor > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('intro_price_minor', t.bigint, (c) => c.check(sql`intro_price_minor >= 0`))
    .addPrimaryKeyConstraint('subscription_prices_pk', ['sub_product_id', 'country'])
    .execute();
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('subscription_groups.id'))
    .addColumn('sub_product_id', 'text', (c) => c.notNull().references('subscription_products.id'))
    .addColumn('renew_product_id', 'text', (c) => c.notNull().references('subscription_products.id'))
    .addColumn('original_transaction_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'billing_grace_period', 'billing_retry', 'expired', 'revoked')`),
    )
    .addColumn('auto_renew', 'integer', (c) => c.notNull())
    .addColumn('period_index', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('period_start', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('next_attempt_at', t.timestamp)
    .addColumn('grace_until', t.timestamp)
    .addColumn('retry_until', t.timestamp)
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('price_minor', t.bigint, (c) => c.notNull())
    .addColumn('renew_price_minor', t.bigint, (c) => c.notNull())
    .addColumn('price_consent', 'text', (c) => c.notNull().check(sql`price_consent in ('none', 'pending', 'accepted')`))
    .addColumn('offer', 'text')
    .addColumn('payment_token', 'text')
    .addColumn('expiration_reason', 'text')
    .addColumn('last_transaction_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('subscriptions_user_group_unique', ['user_id', 'group_id'])
    .execute();
  // the renewal pass reads due rows in (next_attempt_at, id) order: an index walk, never a sort
  await db.schema.createIndex('subscriptions_due_idx').on('subscriptions').columns(['next_attempt_at', 'id']).execute();
  await db.schema.createIndex('subscriptions_expiry_idx').on('subscriptions').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('subscriptions_app_idx').on('subscriptions').columns(['app_id', 'status']).execute();
  await db.schema
    .createTable('subscription_offer_redemptions')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('subscription_groups.id'))
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_offer_redemptions_pk', ['user_id', 'group_id'])
    .execute();
  // one row per charge attempt (renewal or upgrade) of a billing period; unique per
  // (subscription, period, attempt): two schedulers racing for the same renewal, or a renewal and
  // an upgrade of the same period, collide here before either charges
  await db.schema
    .createTable('subscription_charges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('renewal', 'upgrade')`))
    .addColumn('period_index', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('purchase_id', 'text', (c) => c.notNull())
    .addColumn('sub_product_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'completed', 'declined', 'voided')`))
    .addColumn('locked_until', t.timestamp, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('subscription_charges_unique', ['subscription_id', 'period_index', 'attempt'])
    .execute();
  await db.schema
    .createIndex('subscription_charges_pending_idx')
    .on('subscription_charges')
    .column('locked_until')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  // daily counters for the developer's metrics charts (active, new, churned, MRR)
  await db.schema
    .createTable('subscription_daily_stats')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('new_subs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('churned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('renewals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revenue_minor', t.bigint, (c) => c.notNull().defaultTo(0))
    // monthly recurring revenue of live subscriptions, snapshotted by the renewal job (null: no snapshot that day)
    .addColumn('mrr_minor', t.bigint)
    .addPrimaryKeyConstraint('subscription_daily_stats_pk', ['app_id', 'day', 'currency'])
    .execute();

  await db.schema
    .createTable('server_notification_endpoints')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('apps.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('server_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subtype', 'text')
    .addColumn('signed_payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'dead', 'no_endpoint')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', t.timestamp)
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('delivered_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('server_notifications_due_idx')
    .on('server_notifications')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('server_notifications_app_idx').on('server_notifications').columns(['app_id', 'created_at']).execute();
  await db.schema
    .createTable('server_notification_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull().references('server_notifications.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('server_notification_attempts_idx')
    .on('server_notification_attempts')
    .columns(['notification_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'server_notification_attempts',
    'server_notifications',
    'server_notification_endpoints',
    'subscription_daily_stats',
    'subscription_charges',
    'subscription_offer_redemptions',
    'subscriptions',
    'subscription_prices',
    'subscription_products',
    'subscription_settings',
    'subscription_groups',
  ])
    await db.schema.dropTable(table).execute();
}
