/** A generated catalog as index documents (tests, benchmarks, evaluation): the demo generator's apps. */
import { generateApps, generateDevelopers } from '../../seed/generate.js';
import type { IndexDoc } from './engine.js';

export function* generatedDocs(count: number, seed = 1, batch = 5000): Generator<IndexDoc> {
  const devs = generateDevelopers(Math.max(10, Math.ceil(count / 8)), seed);
  for (let i = 0; i < count; i += batch) {
    const { apps } = generateApps(i, Math.min(count, i + batch), seed, devs);
    for (const a of apps)
      yield {
        appId: a.id,
        bundleId: a.bundle_id,
        name: a.name,
        subtitle: a.subtitle,
        developer: a.developer_name,
        category: a.category,
        description: a.description,
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
