import { SelectField } from '../../../components/Fields';
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
const ratingOptions = [
  { value: '', label: 'Any rating' },
  { value: '4.5', label: '4.5 stars & up' },
  { value: '4', label: '4 stars & up' },
  { value: '3', label: '3 stars & up' },
];
const priceOptions = [
  { value: '', label: 'Any price' },
  { value: 'free', label: 'Free' },
  { value: 'paid', label: 'Paid' },
];

export function SearchFilters({ category, price, minRating, facets, onChange }: Props) {
  const sorted = facets ? [...categories].sort((a, b) => (facets[b] ?? 0) - (facets[a] ?? 0) || a.localeCompare(b)) : [...categories];
  const categoryOptions = [
    { value: '', label: 'All categories' },
    ...sorted.map((c) => ({ value: c, label: withCount(c, facets ? (facets[c] ?? 0) : undefined) })),
  ];
  const topFacets = Object.entries(facets ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6);
  return (
    <aside className="filters card" aria-label="Filters">
      <h2 className="filters__title">Filters</h2>
      <SelectField
        label="Category"
        value={category ?? ''}
        onChange={(e) => onChange({ category: e.target.value || undefined })}
        options={categoryOptions}
      />
      {topFacets.length > 0 && (
        <ul className="facets" aria-label="Categories with the most results">
          {topFacets.map(([name, n]) => (
            <li key={name}>
              <button
                type="button"
                className="facet"
                aria-pressed={category === name}
                onClick={() => onChange({ category: category === name ? undefined : name })}
              >
                {name} <span className="facet__count">{n}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <fieldset className="field filters__group">
        <legend className="field__label">Price</legend>
        {priceOptions.map((o) => (
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
      <SelectField
        label="Rating"
        value={minRating === undefined ? '' : String(minRating)}
        onChange={(e) => onChange({ minRating: e.target.value ? Number(e.target.value) : undefined })}
        options={ratingOptions}
      />
    </aside>
  );
}
