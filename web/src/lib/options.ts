/** Option lists for selects, built from the shared store constants. */
import { categories, storefronts } from './shared';

export const countryOptions = storefronts.map((s) => ({ value: s.country, label: s.name }));
export const categoryOptions = categories.map((c) => ({ value: c, label: c }));
export const ageRatingOptions = ['4+', '9+', '12+', '17+'].map((a) => ({ value: a, label: a }));
