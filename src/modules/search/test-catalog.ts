/** A generated catalog as index documents (tests, benchmarks, evaluation): the demo generator's apps. */
import { generateApps, generateDevelopers } from '../../seed/generate.js';
import type { IndexDoc } from './engine.js';

/**
 * A flat copy of a string. The generator builds its texts with template literals, which V8 keeps
 * as ropes; rows read from the database are flat. Indexing a rope flattens it first (a copy in
 * the old generation when the rope is old), which would put the generator's cost on the index
 * build's clock.
 */
const flat = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

export function* generatedDocs(count: number, seed = 1, batch = 5000): Generator<IndexDoc> {
  const devs = generateDevelopers(Math.max(10, Math.ceil(count / 8)), seed);
  for (let i = 0; i < count; i += batch) {
    const { apps } = generateApps(i, Math.min(count, i + batch), seed, devs);
    for (const a of apps)
      yield {
        appId: a.id,
        bundleId: flat(a.bundle_id),
        name: flat(a.name),
        subtitle: flat(a.subtitle),
        developer: flat(a.developer_name),
        category: a.category,
        description: flat(a.description),
        keywords: JSON.parse(a.keywords),
        priceMinor: a.price_minor,
        currency: a.currency,
        ratingAverage: a.rating_average,
        ratingCount: a.rating_count,
        downloads: a.downloads,
        availability: a.availability ? JSON.parse(a.availability) : null,
        iconSha: null,
      };
  }
}
