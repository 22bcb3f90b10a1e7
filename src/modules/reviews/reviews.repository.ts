/** All SQL of reviews, their revisions, votes, reports and developer responses. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ReviewResponsesTable, ReviewRevisionsTable, ReviewStatus, ReviewsTable } from './reviews.tables.js';

export type ReviewRow = {
  [K in keyof ReviewsTable]: ReviewsTable[K] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : ReviewsTable[K];
};

export const findById = (db: Executor, id: string) =>
  db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ReviewRow | undefined>;

export const findByIds = (db: Executor, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([] as ReviewRow[])
    : (db.selectFrom('reviews').selectAll().where('id', 'in', ids).execute() as Promise<ReviewRow[]>);

export const findByAppUser = (db: Executor, appId: string, userId: string) =>
  db.selectFrom('reviews').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst() as Promise<
    ReviewRow | undefined
  >;

export const insertReview = (db: Executor, row: Omit<ReviewRow, 'helpful_count' | 'unhelpful_count' | 'helpfulness' | 'report_count'>) =>
  db.insertInto('reviews').values(row).execute();

export const updateReview = (db: Executor, id: string, patch: Partial<ReviewRow>) =>
  db.updateTable('reviews').set(patch).where('id', '=', id).executeTakeFirst();

export const insertRevision = (db: Executor, row: ReviewRevisionsTable) => db.insertInto('review_revisions').values(row).execute();

export const revisionsOf = (db: Executor, reviewId: string) =>
  db.selectFrom('review_revisions').selectAll().where('review_id', '=', reviewId).orderBy('revision', 'desc').execute();

/** Submissions (new reviews and edits) by a user since a time: the hourly limit counts these. */
export const countSubmissionsSince = async (db: Executor, userId: string, since: string) =>
  Number(
    (
      await db
        .selectFrom('review_revisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('created_at', '>=', since)
        .executeTakeFirst()
    )?.n ?? 0,
  );

export const oldestSubmissionSince = async (db: Executor, userId: string, since: string) =>
  (
    await db
      .selectFrom('review_revisions')
      .select((eb) => eb.fn.min('created_at').as('t'))
      .where('user_id', '=', userId)
      .where('created_at', '>=', since)
      .executeTakeFirst()
  )?.t as string | null | undefined;

/** Reviews a user wrote or edited (any app) since a time. */
export const countUserReviewsSince = async (db: Executor, userId: string, since: string) =>
  Number(
    (
      await db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('updated_at', '>=', since)
        .executeTakeFirst()
    )?.n ?? 0,
  );

/** An app's live reviews submitted in [from, to), optionally only some star ratings. */
export const countAppReviews = async (db: Executor, appId: string, from: string, to: string, ratings?: number[]) => {
  let q = db
    .selectFrom('reviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('app_id', '=', appId)
    .where('deleted_at', 'is', null)
    .where('updated_at', '>=', from)
    .where('updated_at', '<', to);
  if (ratings) q = q.where('rating', 'in', ratings);
  return Number((await q.executeTakeFirst())?.n ?? 0);
};

export type ReviewSort = 'helpful' | 'recent' | 'critical' | 'favorable';

export interface PublicQuery {
  appIds: string[];
  sort: ReviewSort;
  limit: number;
  offset: number;
  country?: string;
  version?: string;
  rating?: number;
  /** Only reviews without a developer response. */
  unanswered?: boolean;
}

/** Reviews everyone may see: approved, not held by an incident, not deleted. */
function visible(db: Executor, q: Omit<PublicQuery, 'sort' | 'limit' | 'offset'>) {
  let query = db
    .selectFrom('reviews as r')
    .where('r.app_id', 'in', q.appIds)
    .where('r.status', '=', 'approved')
    .where('r.held_by', 'is', null)
    .where('r.deleted_at', 'is', null);
  if (q.country) query = query.where('r.country', '=', q.country);
  if (q.version) query = query.where('r.app_version', '=', q.version);
  if (q.rating) query = query.where('r.rating', '=', q.rating);
  if (q.unanswered)
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('review_responses as rr').select('rr.review_id').whereRef('rr.review_id', '=', 'r.id'))),
    );
  return query;
}

export async function listVisible(db: Executor, q: PublicQuery): Promise<ReviewRow[]> {
  if (q.appIds.length === 0) return [];
  let query = visible(db, q).selectAll('r');
  switch (q.sort) {
    case 'helpful':
      query = query.orderBy('r.helpfulness', 'desc').orderBy('r.updated_at', 'desc');
      break;
    case 'recent':
      query = query.orderBy('r.updated_at', 'desc');
      break;
    case 'critical':
      query = query.orderBy('r.rating', 'asc').orderBy('r.updated_at', 'desc');
      break;
    case 'favorable':
      query = query.orderBy('r.rating', 'desc').orderBy('r.updated_at', 'desc');
      break;
  }
  return (await query.orderBy('r.id', 'desc').limit(q.limit).offset(q.offset).execute()) as ReviewRow[];
}

export async function countVisible(db: Executor, q: Omit<PublicQuery, 'sort' | 'limit' | 'offset'>): Promise<number> {
  if (q.appIds.length === 0) return 0;
  const r = await visible(db, q)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export const upsertVote = (db: Executor, reviewId: string, userId: string, helpful: boolean, now: string) =>
  db
    .insertInto('review_votes')
    .values({ review_id: reviewId, user_id: userId, helpful: helpful ? 1 : 0, created_at: now })
    .onConflict((oc) => oc.columns(['review_id', 'user_id']).doUpdateSet({ helpful: helpful ? 1 : 0, created_at: now }))
    .execute();

export const deleteVote = (db: Executor, reviewId: string, userId: string) =>
  db.deleteFrom('review_votes').where('review_id', '=', reviewId).where('user_id', '=', userId).execute();

export const voteCounts = async (db: Executor, reviewId: string) => {
  const r = await db
    .selectFrom('review_votes')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('helpful').as('h')])
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
  const n = Number(r?.n ?? 0);
  const helpful = Number(r?.h ?? 0);
  return { helpful, unhelpful: n - helpful };
};

export const votesBy = (db: Executor, userId: string, reviewIds: string[]) =>
  reviewIds.length === 0
    ? Promise.resolve([] as Array<{ review_id: string; helpful: number }>)
    : db
        .selectFrom('review_votes')
        .select(['review_id', 'helpful'])
        .where('user_id', '=', userId)
        .where('review_id', 'in', reviewIds)
        .execute();

/** Records a report once per (review, user); returns whether it was new. */
export const insertReport = async (
  db: Executor,
  row: { review_id: string; user_id: string; reason: string; note: string; created_at: string },
) => {
  const r = await db
    .insertInto('review_reports')
    .values(row)
    .onConflict((oc) => oc.columns(['review_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
};

export const reportsOf = (db: Executor, reviewId: string) =>
  db
    .selectFrom('review_reports')
    .select(['reason', 'note', 'created_at'])
    .where('review_id', '=', reviewId)
    .orderBy('created_at')
    .execute();

export const findResponse = (db: Executor, reviewId: string) =>
  db.selectFrom('review_responses').selectAll().where('review_id', '=', reviewId).executeTakeFirst();

export const responsesFor = (db: Executor, reviewIds: string[]) =>
  reviewIds.length === 0
    ? Promise.resolve([] as ReviewResponsesTable[])
    : db.selectFrom('review_responses').selectAll().where('review_id', 'in', reviewIds).execute();

export const upsertResponse = (db: Executor, row: ReviewResponsesTable) =>
  db
    .insertInto('review_responses')
    .values(row)
    .onConflict((oc) => oc.column('review_id').doUpdateSet({ body: row.body, developer_id: row.developer_id, updated_at: row.updated_at }))
    .execute();

export const deleteResponse = (db: Executor, reviewId: string) =>
  db.deleteFrom('review_responses').where('review_id', '=', reviewId).executeTakeFirst();

/** Holds an app's matching reviews submitted since `since` for an incident; returns their ids. */
export const holdReviews = (db: Executor, appId: string, incidentId: string, since: string, ratings: number[]) =>
  db
    .updateTable('reviews')
    .set({ held_by: incidentId })
    .where('app_id', '=', appId)
    .where('updated_at', '>=', since)
    .where('rating', 'in', ratings)
    .where('held_by', 'is', null)
    .where('deleted_at', 'is', null)
    .returning('id')
    .execute();

/** Lifts an incident's hold; returns the reviews it held. */
export const releaseHeld = (db: Executor, incidentId: string) =>
  db.updateTable('reviews').set({ held_by: null }).where('held_by', '=', incidentId).returning(['id', 'app_id']).execute();

export const countHeld = async (db: Executor, incidentId: string) =>
  Number(
    (
      await db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('held_by', '=', incidentId)
        .executeTakeFirst()
    )?.n ?? 0,
  );

export type Status = ReviewStatus;

/** Per (rating, country, version, after-reset) counts of reviews that count towards ratings. */
export const ratingGroups = (db: Executor, appId: string, resetAt: string | null) =>
  db
    .selectFrom('reviews')
    .select([
      'rating',
      'country',
      'app_version',
      resetAt ? sql<number>`case when updated_at >= ${resetAt} then 1 else 0 end`.as('fresh') : sql<number>`1`.as('fresh'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('app_id', '=', appId)
    .where('status', '=', 'approved')
    .where('held_by', 'is', null)
    .where('deleted_at', 'is', null)
    .groupBy(['rating', 'country', 'app_version', 'fresh'])
    .execute();
