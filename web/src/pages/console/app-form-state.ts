/** The app listing form's state, and its conversion to and from the API's fields (money as minor units). */
import type { AppFields } from '../../api/console';
import type { AppDetail } from '../../api/types';
import { parseMajor, toMajorString } from '../../lib/money';
import type { Errors } from '../../lib/validation';

/** The API's fields, with the price as the text typed in major units ("2.99"). */
export type ListingState = Omit<AppFields, 'priceMinor'> & { price: string };

export type ListingField = keyof ListingState;

export const emptyListing: ListingState = {
  name: '',
  subtitle: '',
  category: '',
  description: '',
  keywords: [],
  ageRating: '4+',
  price: '0',
  currency: 'USD',
  availability: null,
};

export function listingFromApp(a: AppDetail): ListingState {
  return {
    name: a.name,
    subtitle: a.subtitle,
    category: a.category,
    description: a.description,
    keywords: a.keywords,
    ageRating: a.ageRating,
    price: toMajorString(a.priceMinor, a.currency),
    currency: a.currency,
    availability: a.availability,
  };
}

export function checkListing(s: ListingState): Errors<ListingField> {
  return {
    name: !s.name.trim() ? 'Give your app a name.' : s.name.length > 100 ? 'Use at most 100 characters.' : undefined,
    subtitle: s.subtitle.length > 80 ? 'Use at most 80 characters.' : undefined,
    category: s.category ? undefined : 'Choose a category.',
    description: s.description.length > 10_000 ? 'Use at most 10,000 characters.' : undefined,
    price: parseMajor(s.price, s.currency) === null ? `Enter a price like ${toMajorString(299, s.currency)}, or 0 for free.` : undefined,
    availability: s.availability && s.availability.length === 0 ? 'Choose at least one storefront.' : undefined,
  };
}

export function listingToFields(s: ListingState): AppFields {
  return {
    name: s.name.trim(),
    subtitle: s.subtitle.trim(),
    category: s.category,
    description: s.description,
    keywords: s.keywords,
    ageRating: s.ageRating,
    priceMinor: parseMajor(s.price, s.currency) ?? 0,
    currency: s.currency,
    availability: s.availability,
  };
}

/** Only what changed, so a PATCH touches (and announces) just those fields. */
export function changedFields(before: AppFields, after: AppFields): Partial<AppFields> {
  const out: Partial<AppFields> = {};
  for (const k of Object.keys(after) as Array<keyof AppFields>) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) (out as Record<string, unknown>)[k] = after[k];
  }
  return out;
}
