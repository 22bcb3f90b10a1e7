export const DOWNLOAD_KINDS = ['install', 'redownload', 'update'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

/** One row per (user, build, day) that started a download: dedups retries and classifies the next one. */
export interface DownloadReceiptsTable {
  user_id: string;
  app_id: string;
  build_id: string;
  day: string;
  kind: DownloadKind;
  country: string;
  at: string;
}

/** Downloads per app per country per day and kind (charts and developer analytics read this). */
export interface DownloadStatsDailyTable {
  app_id: string;
  day: string;
  country: string;
  kind: DownloadKind;
  count: number;
}

export interface DeliveryTables {
  download_receipts: DownloadReceiptsTable;
  download_stats_daily: DownloadStatsDailyTable;
}
