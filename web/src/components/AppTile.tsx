import { Link } from 'react-router-dom';
import { AppIcon } from './AppIcon';
import { Price } from './Price';
import { RatingLine } from './RatingLine';

export interface TileApp {
  bundleId: string;
  name: string;
  subtitle?: string;
  developer: string;
  category: string;
  iconUrl?: string | null;
  priceMinor: number;
  currency: string;
  ratingAverage: number;
  ratingCount: number;
  price?: { priceMinor: number; currency: string } | null;
}

/** The storefront's price when the list was asked for one, else the app's base price. */
export const shownPrice = (a: TileApp) => a.price ?? { priceMinor: a.priceMinor, currency: a.currency };

/** One app as a card: icon, name, subtitle, rating and price; the whole card is the link. */
export function AppTile({ app, rank }: { app: TileApp; rank?: number }) {
  const p = shownPrice(app);
  return (
    <Link className="app-tile" to={`/apps/${encodeURIComponent(app.bundleId)}`}>
      <AppIcon name={app.name} bundleId={app.bundleId} iconUrl={app.iconUrl ?? null} size={64} />
      <span className="app-tile__body">
        <span className="app-tile__name">
          {rank !== undefined && <span className="app-tile__rank">{rank}</span>}
          {app.name}
        </span>
        <span className="app-tile__sub">{app.subtitle || app.developer}</span>
        <RatingLine average={app.ratingAverage} count={app.ratingCount} />
      </span>
      <Price minor={p.priceMinor} currency={p.currency} className="price-pill" />
    </Link>
  );
}

export function AppGrid({ apps, ranked = false, offset = 0 }: { apps: TileApp[]; ranked?: boolean; offset?: number }) {
  return (
    <ul className="app-grid">
      {apps.map((a, i) => (
        <li key={a.bundleId}>
          <AppTile app={a} rank={ranked ? offset + i + 1 : undefined} />
        </li>
      ))}
    </ul>
  );
}
