/** The store's fixed category list (CONTRACT.md), with URL slugs. */
export const categories = [
  'Books',
  'Business',
  'Developer Tools',
  'Education',
  'Entertainment',
  'Finance',
  'Food & Drink',
  'Games',
  'Graphics & Design',
  'Health & Fitness',
  'Kids',
  'Lifestyle',
  'Magazines & Newspapers',
  'Medical',
  'Music',
  'Navigation',
  'News',
  'Photo & Video',
  'Productivity',
  'Reference',
  'Shopping',
  'Social Networking',
  'Sports',
  'Travel',
  'Utilities',
  'Weather',
] as const;

export type Category = (typeof categories)[number];

export const categorySlug = (c: string): string =>
  c
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const bySlug = new Map<string, Category>(categories.map((c) => [categorySlug(c), c]));
const byName = new Set<string>(categories);

/** Accepts the exact name ("Food & Drink") or its slug ("food-drink"). */
export const parseCategory = (s: string): Category | undefined => (byName.has(s) ? (s as Category) : bySlug.get(s.toLowerCase()));

export const isCategory = (s: string): s is Category => byName.has(s);
