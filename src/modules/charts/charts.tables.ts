export interface ChartRunsTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  apps: number;
  lists: number;
  duration_ms: number;
}
export interface ChartEntriesTable {
  run_id: string;
  /** `<type>:<country>:<category slug or all>` */
  chart_key: string;
  rank: number;
  app_id: string;
  score: number;
  previous_rank: number | null;
}
export interface ChartPositionsTable {
  app_id: string;
  chart_key: string;
  day: string;
  best_rank: number;
  last_rank: number;
}
export type IncidentStatus = 'open' | 'released' | 'confirmed';
export interface ChartIncidentsTable {
  id: string;
  app_id: string;
  day: string;
  observed: number;
  baseline: number;
  threshold: number;
  held: number;
  z_score: number;
  status: IncidentStatus;
  opened_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  note: string | null;
}
export interface ChartsTables {
  chart_runs: ChartRunsTable;
  chart_entries: ChartEntriesTable;
  chart_positions: ChartPositionsTable;
  chart_incidents: ChartIncidentsTable;
}
