import type { Kysely } from 'kysely';

/**
 * The shopper's payment token on a pending subscription purchase, so that reconciliation, which
 * finishes a purchase without the shopper's request, can hand it to the new subscription for its
 * renewals. Cleared when the purchase completes (the subscription keeps its own copy).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('purchases').addColumn('payment_token', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('purchases').dropColumn('payment_token').execute();
}
