import { type Kysely, sql } from 'kysely';
import { types } from './helpers.js';

/**
 * Search: the query log aggregated per day (suggestions, trending searches), and the database
 * full-text index that answers while the in-memory index is loading or broken (degraded mode):
 * an FTS5 table kept in step with `apps` by triggers on SQLite, an expression GIN index on
 * PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  await db.schema
    .createTable('search_queries_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('count', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('results', t.bigint, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('search_queries_daily_pk', ['day', 'query'])
    .execute();
  await db.schema.createIndex('search_queries_daily_query_idx').on('search_queries_daily').columns(['query', 'day']).execute();

  if (t.isPg) {
    await sql`create index apps_fulltext_idx on apps using gin (to_tsvector('simple', name || ' ' || developer_name || ' ' || keywords || ' ' || description))`.execute(
      db,
    );
    return;
  }
  await sql`create virtual table apps_fts using fts5(name, developer_name, keywords, description, content='apps', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`create trigger apps_fts_ai after insert on apps begin
    insert into apps_fts(rowid, name, developer_name, keywords, description) values (new.rowid, new.name, new.developer_name, new.keywords, new.description);
  end`.execute(db);
  await sql`create trigger apps_fts_ad after delete on apps begin
    insert into apps_fts(apps_fts, rowid, name, developer_name, keywords, description) values ('delete', old.rowid, old.name, old.developer_name, old.keywords, old.description);
  end`.execute(db);
  await sql`create trigger apps_fts_au after update of name, developer_name, keywords, description on apps begin
    insert into apps_fts(apps_fts, rowid, name, developer_name, keywords, description) values ('delete', old.rowid, old.name, old.developer_name, old.keywords, old.description);
    insert into apps_fts(rowid, name, developer_name, keywords, description) values (new.rowid, new.name, new.developer_name, new.keywords, new.description);
  end`.execute(db);
  await sql`insert into apps_fts(apps_fts) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const t = types(db);
  if (t.isPg) await sql`drop index if exists apps_fulltext_idx`.execute(db);
  else {
    for (const tr of ['apps_fts_ai', 'apps_fts_ad', 'apps_fts_au']) await sql.raw(`drop trigger if exists ${tr}`).execute(db);
    await sql`drop table if exists apps_fts`.execute(db);
  }
  await db.schema.dropTable('search_queries_daily').execute();
}
