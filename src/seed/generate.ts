/**
 * Deterministic demo-store generator: the same seed gives the same developers and apps, with
 * long-tailed downloads and ratings (a few hits, a long tail of small apps), prices in a few
 * storefronts, versions and release dates. Pure: it returns rows, the caller writes them.
 */
import { type Category, categories } from '../modules/catalog/categories.js';
import { popularityScore, synthHistogram } from '../modules/catalog/popularity.js';
import { Rng } from './rng.js';
import { ADJECTIVES, brandName, ORG_SUFFIXES, SLOGANS, SUFFIXES, vocabulary } from './vocabulary.js';

export const SEED_REFERENCE_DATE = Date.parse('2026-11-01T00:00:00Z');

/** A UUIDv7-shaped id that depends only on (namespace, n), so seeding is reproducible. */
export function deterministicId(namespace: number, n: number): string {
  const ts = (1_767_225_600_000 + namespace * 1_000_000_000 + n).toString(16).padStart(12, '0');
  const c = n.toString(16).padStart(15, '0').slice(-15);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6, 15).padStart(12, '0')}`;
}

export interface GeneratedDeveloper {
  id: string;
  name: string;
  slug: string;
}

export function generateDevelopers(count: number, seed: number): GeneratedDeveloper[] {
  const rng = new Rng(seed ^ 0x5eed);
  const r = () => rng.next();
  const seen = new Set<string>();
  const out: GeneratedDeveloper[] = [];
  for (let i = 0; i < count; i++) {
    let name = `${brandName(r)} ${rng.pick(ORG_SUFFIXES)}`;
    if (seen.has(name)) name = `${name} ${i}`;
    seen.add(name);
    const base = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    out.push({ id: deterministicId(1, i), name, slug: `${base}-${i.toString(36)}` });
  }
  return out;
}

export interface GeneratedApp {
  id: string;
  bundle_id: string;
  developer_id: string;
  developer_name: string;
  name: string;
  subtitle: string;
  category: Category;
  description: string;
  keywords: string;
  age_rating: string;
  price_minor: number;
  currency: string;
  availability: string | null;
  icon_sha: null;
  version: string;
  size_bytes: number;
  rating_average: number;
  rating_count: number;
  rating_histogram: string;
  downloads: number;
  popularity: number;
  status: 'live';
  released_at: string;
  created_at: string;
  updated_at: string;
}

const PRICE_TIERS = [99, 199, 299, 399, 499, 699, 999, 1499, 1999, 2999];
/** Storefront prices for the same tier in other currencies (rounded like a store would). */
const TIER_FX: Array<{ country: string; currency: string; rate: number; round: (v: number) => number }> = [
  { country: 'GB', currency: 'GBP', rate: 0.99, round: (v) => Math.max(99, Math.round(v / 100) * 100 - 1) },
  { country: 'DE', currency: 'EUR', rate: 1.09, round: (v) => Math.max(99, Math.round(v / 100) * 100 - 1) },
  { country: 'FR', currency: 'EUR', rate: 1.09, round: (v) => Math.max(99, Math.round(v / 100) * 100 - 1) },
  { country: 'JP', currency: 'JPY', rate: 1.5, round: (v) => Math.max(100, Math.round(v / 100) * 100) },
  { country: 'IN', currency: 'INR', rate: 85, round: (v) => Math.max(1000, Math.round(v / 1000) * 1000) },
];

export interface AppBatch {
  apps: GeneratedApp[];
  prices: Array<{ app_id: string; country: string; price_minor: number; currency: string }>;
}

/**
 * Generates apps [from, to) of a store with `developers`. Each app depends only on
 * (seed, index), so batches can be generated independently and in any order.
 */
export function generateApps(from: number, to: number, seed: number, developers: GeneratedDeveloper[]): AppBatch {
  const apps: GeneratedApp[] = [];
  const prices: AppBatch['prices'] = [];
  for (let i = from; i < to; i++) {
    const rng = new Rng((seed * 2_654_435_761) ^ (i * 40_503 + 0x9e37));
    const r = () => rng.next();
    // Developers publish a long-tailed number of apps: low indexes are the prolific ones.
    const dev = developers[Math.min(developers.length - 1, Math.floor(developers.length * rng.next() ** 1.6))] as GeneratedDeveloper;
    const category = categories[i % categories.length] as Category;
    const v = vocabulary[category];
    const noun = rng.pick(v.nouns);
    const brand = brandName(r);
    const style = rng.next();
    const name =
      style < 0.5
        ? `${brand} ${noun}`
        : style < 0.65
          ? `${noun} ${rng.pick(SUFFIXES)}`
          : style < 0.8
            ? `${rng.pick(ADJECTIVES)} ${noun}`
            : style < 0.9
              ? brand
              : `${brand}: ${noun} ${rng.pick(SUFFIXES)}`;
    const verb = rng.pick(v.verbs);
    const feats = rng.sample(v.features, 3);
    const subtitle = `${verb.charAt(0).toUpperCase()}${verb.slice(1)}`.slice(0, 80);
    const description = `${name} helps you ${verb}. ${capital(feats[0] ?? '')}, ${feats[1]} and ${feats[2]} — ${rng.pick(SLOGANS)}. ${
      rng.chance(0.5) ? `Designed for people who want to ${rng.pick(v.verbs)}.` : `New in this version: ${rng.pick(v.features)}.`
    }`;
    const keywords = JSON.stringify(rng.sample(v.keywords, rng.int(2, 5)));
    // Log-normal downloads: median ~1.1k, a handful in the tens of millions.
    const downloads = Math.min(500_000_000, Math.floor(Math.exp(rng.normal(7, 2.4))));
    const ratingCount = Math.floor(downloads * (0.002 + rng.next() * 0.02));
    const ratingAverage = ratingCount > 0 ? Math.round(Math.min(5, Math.max(1, rng.normal(4.05, 0.55))) * 10) / 10 : 0;
    const paid = rng.chance(category === 'Games' ? 0.25 : 0.18);
    const priceMinor = paid ? rng.pick(PRICE_TIERS) : 0;
    const daysAgo = Math.floor(3000 * rng.next() ** 1.8);
    const released = SEED_REFERENCE_DATE - daysAgo * 86_400_000 - rng.int(0, 86_399) * 1000;
    const updated = released + Math.floor(rng.next() * (SEED_REFERENCE_DATE - released));
    const id = deterministicId(2, i);
    const slugName = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    apps.push({
      id,
      bundle_id: `com.${dev.slug.replace(/[^a-z0-9]+/g, '')}.${slugName || 'app'}${i.toString(36)}`,
      developer_id: dev.id,
      developer_name: dev.name,
      name,
      subtitle,
      category,
      description,
      keywords,
      age_rating: category === 'Kids' ? '4+' : rng.pick(['4+', '4+', '4+', '9+', '12+', '17+']),
      price_minor: priceMinor,
      currency: 'USD',
      availability: rng.chance(0.03) ? JSON.stringify(['US', 'CA', 'GB']) : null,
      icon_sha: null,
      version: `${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}`,
      size_bytes: Math.floor(Math.exp(rng.normal(17.5, 1))),
      rating_average: ratingAverage,
      rating_count: ratingCount,
      rating_histogram: JSON.stringify(synthHistogram(ratingAverage, ratingCount)),
      downloads,
      popularity: popularityScore(downloads, ratingAverage, ratingCount),
      status: 'live',
      released_at: new Date(released).toISOString(),
      created_at: new Date(released).toISOString(),
      updated_at: new Date(updated).toISOString(),
    });
    if (paid && rng.chance(0.3)) {
      for (const fx of TIER_FX)
        prices.push({ app_id: id, country: fx.country, price_minor: fx.round(priceMinor * fx.rate), currency: fx.currency });
    }
  }
  return { apps, prices };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
