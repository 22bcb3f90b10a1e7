/** A small accessible bar chart (SVG) for daily figures; the table beneath carries the same numbers. */
export function BarChart({
  title,
  points,
  format = String,
}: {
  title: string;
  points: Array<{ label: string; value: number }>;
  format?: (n: number) => string;
}) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = 600;
  const h = 140;
  const bw = points.length ? w / points.length : w;
  return (
    <figure className="chart">
      <figcaption className="field__label">{title}</figcaption>
      <svg
        viewBox={`0 0 ${w} ${h + 20}`}
        role="img"
        aria-label={`${title}: ${points.map((p) => `${p.label} ${format(p.value)}`).join(', ')}`}
      >
        {points.map((p, i) => {
          const bh = (p.value / max) * h;
          return (
            <g key={p.label}>
              <rect x={i * bw + 2} y={h - bh} width={Math.max(1, bw - 4)} height={bh} fill="currentColor" opacity={0.75}>
                <title>{`${p.label}: ${format(p.value)}`}</title>
              </rect>
            </g>
          );
        })}
        <line x1={0} y1={h} x2={w} y2={h} stroke="currentColor" opacity={0.3} />
        {points.length > 0 && (
          <>
            <text x={0} y={h + 16} fontSize={12} fill="currentColor">
              {points[0]?.label}
            </text>
            <text x={w} y={h + 16} fontSize={12} fill="currentColor" textAnchor="end">
              {points[points.length - 1]?.label}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}
