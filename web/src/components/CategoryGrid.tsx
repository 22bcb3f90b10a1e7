import type { CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import type { CategoryCount } from '../api/types';
import { categoryHue, categoryIcon } from '../lib/category-icons';
import { formatNumber } from '../lib/format';
import { Skeleton } from './Skeleton';

export function CategoryGrid({ categories }: { categories: CategoryCount[] | undefined }) {
  if (!categories) {
    return (
      <ul className="category-grid" aria-busy="true" aria-label="Loading categories">
        {Array.from({ length: 12 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <li key={i}>
            <div className="category-card">
              <Skeleton width={40} height={40} radius={12} />
              <Skeleton width="60%" />
            </div>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul className="category-grid">
      {categories.map((c) => {
        const Icon = categoryIcon(c.name);
        return (
          <li key={c.slug}>
            <Link className="category-card" to={`/category/${c.slug}`} style={{ '--hue': categoryHue(c.name) } as CSSProperties}>
              <span className="category-card__icon" aria-hidden="true">
                <Icon size={22} />
              </span>
              <span className="category-card__name">{c.name}</span>
              <span className="category-card__count">{formatNumber(c.count)} apps</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
