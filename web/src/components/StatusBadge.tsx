const labels: Record<string, string> = { draft: 'Draft', live: 'Live', removed: 'Removed' };

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{labels[status] ?? status}</span>;
}
