import { categories } from '../../../lib/shared';

interface Props {
  category?: string;
  price?: 'free' | 'paid';
  minRating?: number;
  /** Result counts per category for the current query, when the API sends them. */
  facets?: Record<string, number>;
  onChange: (changes: Record<string, string | number | undefined>) => void;
}

const withCount = (label: string, n: number | undefined) => (n === undefined ? label : `${label} (${n})`);

/** Filter controls; each change updates the URL and so the search. */
export function SearchFilters({ category, price, minRating, facets, onChange }: Props) {
  const options = facets ? [...categories].sort((a, b) => (facets[b] ?? 0) - (facets[a] ?? 0) || a.localeCompare(b)) : [...categories];
  return (
    <aside className="filters card" aria-label="Filters">
      <h2 className="filters__title">Filters</h2>
      <div className="field">
        <label className="field__label" htmlFor="filter-category">
          Category
        </label>
        <select
          id="filter-category"
          className="input select"
          value={category ?? ''}
          onChange={(e) => onChange({ category: e.target.value || undefined })}
        >
          <option value="">All categories</option>
          {options.map((c) => (
            <option key={c} value={c}>
              {withCount(c, facets ? (facets[c] ?? 0) : undefined)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field filters__group">
        <legend className="field__label">Price</legend>
        {[
          { value: '', label: 'Any price' },
          { value: 'free', label: 'Free' },
          { value: 'paid', label: 'Paid' },
        ].map((o) => (
          <label key={o.value} className="radio">
            <input
              type="radio"
              name="price"
              value={o.value}
              checked={(price ?? '') === o.value}
              onChange={() => onChange({ price: o.value || undefined })}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor="filter-rating">
          Rating
        </label>
        <select
          id="filter-rating"
          className="input select"
          value={minRating ?? ''}
          onChange={(e) => onChange({ minRating: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">Any rating</option>
          <option value="4.5">4.5 stars & up</option>
          <option value="4">4 stars & up</option>
          <option value="3">3 stars & up</option>
        </select>
      </div>
    </aside>
  );
}
