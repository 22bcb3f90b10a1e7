/** The search module's tables (the FTS5 table on SQLite is virtual and queried with raw SQL). */
export interface SearchQueriesDailyTable {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Folded, whitespace-collapsed query text. */
  query: string;
  count: number;
  /** Result count of the latest search of this query that day. */
  results: number;
}

export interface SearchTables {
  search_queries_daily: SearchQueriesDailyTable;
}
