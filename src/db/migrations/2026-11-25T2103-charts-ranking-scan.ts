import type { Kysely } from 'kysely';

/**
 * A covering index for the ranking job's scan of live apps (catalog.scanForRanking): the job
 * reads eight columns of every live app, and without it SQLite reads whole rows, descriptions
 * included (≈ 50 s of a 2M-app run).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('apps_ranking_scan_idx')
    .on('apps')
    .columns(['status', 'id', 'category', 'price_minor', 'rating_average', 'rating_count', 'released_at', 'updated_at', 'availability'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('apps_ranking_scan_idx').execute();
}
