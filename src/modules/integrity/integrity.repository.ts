/** SQL of integrity decisions, review fingerprints, the moderation queue and training labels. */
import type { Executor } from '../../db/database.js';
import type { IntegrityDecisionsTable, IntegrityLabelsTable, ModerationQueueTable } from './integrity.tables.js';

export const insertDecision = (db: Executor, row: IntegrityDecisionsTable) => db.insertInto('integrity_decisions').values(row).execute();

export const decisionsOf = (db: Executor, reviewId: string) =>
  db
    .selectFrom('integrity_decisions')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

/** The newest decision of each review. */
export async function latestDecisions(db: Executor, reviewIds: string[]): Promise<Map<string, IntegrityDecisionsTable>> {
  const out = new Map<string, IntegrityDecisionsTable>();
  if (reviewIds.length === 0) return out;
  const rows = await db
    .selectFrom('integrity_decisions')
    .selectAll()
    .where('review_id', 'in', reviewIds)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  for (const r of rows) out.set(r.review_id, r);
  return out;
}

export const upsertFingerprint = (
  db: Executor,
  row: { review_id: string; app_id: string; user_id: string; minhash: Buffer; created_at: string },
) =>
  db
    .insertInto('review_fingerprints')
    .values(row)
    .onConflict((oc) => oc.column('review_id').doUpdateSet({ minhash: row.minhash, created_at: row.created_at }))
    .execute();

/** Replaces a review's LSH band keys (an edit changes them). */
export async function replaceBands(db: Executor, appId: string, reviewId: string, bands: number[]) {
  await db.deleteFrom('review_fingerprint_bands').where('review_id', '=', reviewId).execute();
  await db
    .insertInto('review_fingerprint_bands')
    .values([...new Set(bands)].map((band) => ({ app_id: appId, band, review_id: reviewId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Fingerprints of the app's reviews by other authors that share a band with `bands`. */
export const candidateFingerprints = (db: Executor, appId: string, exceptUserId: string, bands: number[], limit: number) =>
  db
    .selectFrom('review_fingerprints as f')
    .select(['f.review_id', 'f.minhash'])
    .where('f.user_id', '!=', exceptUserId)
    .where('f.review_id', 'in', (eb) =>
      eb.selectFrom('review_fingerprint_bands as b').select('b.review_id').where('b.app_id', '=', appId).where('b.band', 'in', bands),
    )
    .limit(limit)
    .execute();

export const upsertQueueItem = (db: Executor, row: ModerationQueueTable) =>
  db
    .insertInto('moderation_queue')
    .values(row)
    .onConflict((oc) =>
      oc.column('review_id').doUpdateSet({ score: row.score, source: row.source, state: 'open', updated_at: row.updated_at }),
    )
    .execute();

export const closeQueueItem = (db: Executor, reviewId: string, now: string) =>
  db.updateTable('moderation_queue').set({ state: 'closed', updated_at: now }).where('review_id', '=', reviewId).execute();

export const findQueueItem = (db: Executor, reviewId: string) =>
  db.selectFrom('moderation_queue').selectAll().where('review_id', '=', reviewId).executeTakeFirst();

/** Open items, riskiest (lowest trust score) first. */
export function openQueue(db: Executor, q: { appId?: string; limit: number; offset: number }) {
  let query = db.selectFrom('moderation_queue').selectAll().where('state', '=', 'open');
  if (q.appId) query = query.where('app_id', '=', q.appId);
  return query.orderBy('score', 'asc').orderBy('created_at', 'asc').limit(q.limit).offset(q.offset).execute();
}

export const countOpenQueue = async (db: Executor, appId?: string) => {
  let query = db
    .selectFrom('moderation_queue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'open');
  if (appId) query = query.where('app_id', '=', appId);
  return Number((await query.executeTakeFirst())?.n ?? 0);
};

/** A review's label: the latest moderator decision replaces an earlier one. */
export const upsertLabel = (db: Executor, row: IntegrityLabelsTable) =>
  row.review_id === null
    ? db.insertInto('integrity_labels').values(row).execute()
    : db
        .insertInto('integrity_labels')
        .values(row)
        .onConflict((oc) =>
          oc.column('review_id').doUpdateSet({
            label: row.label,
            text: row.text,
            rating: row.rating,
            signals: row.signals,
            source: row.source,
            created_at: row.created_at,
          }),
        )
        .execute();

export const insertLabels = async (db: Executor, rows: IntegrityLabelsTable[]) => {
  // 8 columns × 100 rows stays under SQLite's bound-parameter limit
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('integrity_labels')
      .values(rows.slice(i, i + 100))
      .execute();
};

export const allLabels = (db: Executor) =>
  db.selectFrom('integrity_labels').select(['id', 'label', 'text', 'rating', 'signals']).orderBy('id').execute();

export const labelStats = async (db: Executor) => {
  const r = await db
    .selectFrom('integrity_labels')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest')])
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), latest: (r?.latest as string | null) ?? null };
};
