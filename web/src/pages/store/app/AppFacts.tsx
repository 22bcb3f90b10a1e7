import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { AppDetail } from '../../../api/types';
import { formatBytes, formatDate } from '../../../lib/format';
import { formatPrice } from '../../../lib/money';
import { categorySlug, storefrontOf } from '../../../lib/shared';

/** The "Information" list: developer, category, version, size, age rating, dates, prices. */
export function AppFacts({ app }: { app: AppDetail }) {
  const facts: Array<[string, ReactNode]> = [
    [
      'Developer',
      <Link key="dev" to={`/developers/${app.developerSlug}`}>
        {app.developer}
      </Link>,
    ],
    [
      'Category',
      <Link key="cat" to={`/category/${categorySlug(app.category)}`}>
        {app.category}
      </Link>,
    ],
    ['Version', app.currentVersion.version],
    ['Size', formatBytes(app.currentVersion.sizeBytes)],
    ['Age rating', app.ageRating],
    ['Updated', formatDate(app.currentVersion.updatedAt)],
    ['Released', formatDate(app.releasedAt)],
    ['Availability', app.availability ? `${app.availability.length} countries` : 'Worldwide'],
  ];
  return (
    <section className="section" aria-labelledby="info-title">
      <h2 id="info-title">Information</h2>
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {app.prices.length > 1 && (
        <details className="disclosure">
          <summary>Prices in other countries</summary>
          <ul className="price-list">
            {app.prices.map((p) => (
              <li key={p.country}>
                <span>{storefrontOf(p.country)?.name ?? p.country}</span>
                <span>{formatPrice(p.priceMinor, p.currency)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
