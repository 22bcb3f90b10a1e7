/** Placeholders shaped like the content that is loading, so the page does not jump. */

export function Skeleton({ width, height = 16, radius }: { width?: number | string; height?: number | string; radius?: number }) {
  return <span className="skeleton" style={{ width, height, borderRadius: radius }} aria-hidden="true" />;
}

export function TileSkeletons({ count = 8 }: { count?: number }) {
  return (
    <ul className="app-grid" aria-busy="true" aria-label="Loading apps">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <li key={i}>
          <div className="app-tile app-tile--skeleton">
            <Skeleton width={64} height={64} radius={14} />
            <span className="app-tile__body">
              <Skeleton width="70%" height={16} />
              <Skeleton width="90%" height={12} />
              <Skeleton width="40%" height={12} />
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
