/** Turning a moderated review into a training label (its text and the signals it was scored with). */
import type { Executor } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import * as repo from './integrity.repository.js';
import type { Label } from './integrity.tables.js';
import { reviewText } from './model/pipeline.js';

export async function recordLabel(
  trx: Executor,
  clock: Clock,
  review: { id: string; title: string; body: string; rating: number },
  label: Label,
  source: 'moderator' | 'incident',
): Promise<void> {
  const decision = (await repo.latestDecisions(trx, [review.id])).get(review.id);
  await repo.upsertLabel(trx, {
    id: newId(),
    review_id: review.id,
    label,
    text: reviewText(review.title, review.body),
    rating: Number(review.rating),
    signals: decision?.signals ?? null,
    source,
    created_at: clock.now().toISOString(),
  });
}
