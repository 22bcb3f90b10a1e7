export interface RecNeighborsTable {
  app_id: string;
  rank: number;
  neighbor_id: string;
  similarity: number;
}
export interface RecRunsTable {
  id: string;
  trained_at: string;
  users: number;
  apps: number;
  interactions: number;
  duration_ms: number;
}
export interface RecommendationsTables {
  rec_neighbors: RecNeighborsTable;
  rec_runs: RecRunsTable;
}
