import type { Kysely } from 'kysely';

/**
 * Listing indexes that cover the whole ORDER BY (popularity/released_at, then id as the
 * tie-breaker), so a category page is an index range scan instead of a sort of the category.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'apps_category_popularity_idx',
    'apps_category_released_idx',
    'apps_status_popularity_idx',
    'apps_status_released_idx',
  ])
    await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('apps_cat_pop_idx').on('apps').columns(['category', 'status', 'popularity desc', 'id']).execute();
  await db.schema.createIndex('apps_cat_new_idx').on('apps').columns(['category', 'status', 'released_at desc', 'id']).execute();
  await db.schema.createIndex('apps_pop_idx').on('apps').columns(['status', 'popularity desc', 'id']).execute();
  await db.schema.createIndex('apps_new_idx').on('apps').columns(['status', 'released_at desc', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['apps_cat_pop_idx', 'apps_cat_new_idx', 'apps_pop_idx', 'apps_new_idx']) await db.schema.dropIndex(name).execute();
}
