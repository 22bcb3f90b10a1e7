/** The app listing fields, shared by "New app" and "Edit app". Purely controlled: the page owns the state. */
import type { ReactNode } from 'react';
import { SelectField, TextArea, TextField } from '../../components/Fields';
import { KeywordChips } from '../../components/KeywordChips';
import { formatPrice, parseMajor } from '../../lib/money';
import { ageRatingOptions, categoryOptions } from '../../lib/options';
import { storefronts } from '../../lib/shared';
import type { Errors } from '../../lib/validation';
import type { ListingField, ListingState } from './app-form-state';

const currencyOptions = [...new Set(storefronts.map((s) => s.currency))].sort().map((c) => ({ value: c, label: c }));

interface Props {
  value: ListingState;
  errors: Errors<ListingField>;
  onChange: (next: ListingState) => void;
  /** Fields shown before the listing fields (the bundle ID when creating). */
  before?: ReactNode;
}

export function ListingForm({ value, errors, onChange, before }: Props) {
  const set =
    <K extends ListingField>(k: K) =>
    (v: ListingState[K]) =>
      onChange({ ...value, [k]: v });
  const minor = parseMajor(value.price, value.currency);
  return (
    <div className="form">
      {before}
      <TextField
        label="Name"
        value={value.name}
        onChange={(e) => set('name')(e.target.value)}
        error={errors.name}
        maxLength={100}
        required
      />
      <TextField
        label="Subtitle"
        value={value.subtitle}
        onChange={(e) => set('subtitle')(e.target.value)}
        error={errors.subtitle}
        maxLength={80}
        hint="A short line under the name, like “Plan meals in minutes”."
      />
      <div className="form__row">
        <SelectField
          label="Category"
          value={value.category}
          onChange={(e) => set('category')(e.target.value)}
          error={errors.category}
          options={[{ value: '', label: 'Choose a category…' }, ...categoryOptions]}
          required
        />
        <SelectField
          label="Age rating"
          value={value.ageRating}
          onChange={(e) => set('ageRating')(e.target.value)}
          options={ageRatingOptions}
        />
      </div>
      <TextArea
        label="Description"
        value={value.description}
        onChange={(e) => set('description')(e.target.value)}
        error={errors.description}
        rows={6}
        maxLength={10_000}
        hint={`${value.description.length.toLocaleString()}/10,000 characters.`}
      />
      <KeywordChips label="Keywords" value={value.keywords} onChange={set('keywords')} />
      <div className="form__row">
        <TextField
          label="Base price"
          inputMode="decimal"
          value={value.price}
          onChange={(e) => set('price')(e.target.value)}
          error={errors.price}
          hint={
            minor === null ? undefined : minor === 0 ? 'Free' : `Shoppers see ${formatPrice(minor, value.currency)}. 0 makes the app free.`
          }
        />
        <SelectField
          label="Currency"
          value={value.currency}
          onChange={(e) => set('currency')(e.target.value)}
          options={currencyOptions}
          hint="Per-country prices can be set after creating."
        />
      </div>
      <fieldset className="field">
        <legend className="field__label">Availability</legend>
        <label className="radio">
          <input type="radio" name="availability" checked={value.availability === null} onChange={() => set('availability')(null)} />
          Every storefront
        </label>
        <label className="radio">
          <input
            type="radio"
            name="availability"
            checked={value.availability !== null}
            onChange={() => set('availability')(value.availability ?? ['US'])}
          />
          Only the storefronts I choose
        </label>
        {value.availability !== null && (
          <div className="checkbox-grid checkbox-grid--countries">
            {storefronts.map((s) => (
              <label key={s.country} className="checkbox">
                <input
                  type="checkbox"
                  checked={value.availability?.includes(s.country) ?? false}
                  onChange={(e) => {
                    const cur = value.availability ?? [];
                    set('availability')(e.target.checked ? [...cur, s.country] : cur.filter((c) => c !== s.country));
                  }}
                />
                {s.name}
              </label>
            ))}
          </div>
        )}
        {errors.availability && <p className="field__error">{errors.availability}</p>}
      </fieldset>
    </div>
  );
}
