import { expect, it } from 'vitest';
import { describeStore, signUp, type TestStore } from '../../testing/harness.js';
import { appWithDeveloper, fastHashEnv, genuineText, postReview, reviewer } from './reviews.fixtures.js';

/** Approves a review the way a moderator would, then lets the consumers run. */
async function approve(s: TestStore, reviewId: string) {
  await s.ctx.bus.drain();
  await s.ctx.services.integrity.moderation.decide(s.ctx.db, 'test-moderator', reviewId, 'approve', 'test');
  await s.ctx.bus.drain();
}

describeStore(
  'reviews',
  (store) => {
    const get = (url: string, headers?: Record<string, string>) => store().app.inject({ method: 'GET', url, headers });

    it('creates with 201, edits with 200 keeping history, and shows the author their review at once', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const u = await reviewer(s, app.id, { country: 'DE' });
      const first = await postReview(s, app.bundleId, u.headers, { rating: 4, title: 'Good', body: genuineText(1) });
      expect(first.statusCode, first.body).toBe(201);
      const review = first.json().review;
      expect(review).toMatchObject({ rating: 4, title: 'Good', status: 'pending', country: 'DE', appVersion: '1.0.0', revision: 1 });

      // read-your-writes: before any consumer ran, the author sees it; the public list does not
      const mine = await get(`/api/v1/apps/${app.bundleId}/reviews`, u.headers);
      expect(mine.json().mine.id).toBe(review.id);
      expect(mine.json().reviews).toEqual([]);
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews/mine`, u.headers)).json().review.id).toBe(review.id);

      const edit = await postReview(s, app.bundleId, u.headers, { rating: 2, body: 'Changed my mind after the update broke sync.' });
      expect(edit.statusCode).toBe(200);
      expect(edit.json().review).toMatchObject({ id: review.id, rating: 2, title: '', revision: 2, edited: true });
      const history = await get(`/api/v1/reviews/${review.id}/history`, u.headers);
      expect(history.json().revisions.map((r: { rating: number }) => r.rating)).toEqual([2, 4]);
      const stranger = await signUp(s.app);
      expect((await get(`/api/v1/reviews/${review.id}/history`, stranger.headers)).statusCode).toBe(404);
    });

    it('refuses bad input: rating, lengths, unknown app, not entitled, unauthenticated', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const u = await reviewer(s, app.id);
      for (const payload of [
        { rating: 0 },
        { rating: 6 },
        { rating: 2.5 },
        {},
        { rating: 5, title: 'x'.repeat(101) },
        { rating: 5, body: 'x'.repeat(4001) },
        { rating: 5, body: 'nul\u0000byte' },
        { rating: 5, extra: true },
      ]) {
        const r = await postReview(s, app.bundleId, u.headers, payload);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().code).toBe('validation_failed');
      }
      expect((await postReview(s, app.bundleId, u.headers, { rating: 5, title: 'x'.repeat(100), body: 'y'.repeat(4000) })).statusCode).toBe(
        201,
      );
      const unknown = await postReview(s, 'com.nowhere.app', u.headers, { rating: 5 });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('app_not_found');
      const outsider = await signUp(s.app);
      const denied = await postReview(s, app.bundleId, outsider.headers, { rating: 5 });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('not_entitled');
      expect((await postReview(s, app.bundleId, {}, { rating: 5 })).statusCode).toBe(401);
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews?sort=best`)).statusCode).toBe(400);
      expect((await get('/api/v1/apps/com.nowhere.app/reviews')).statusCode).toBe(404);
    });

    it('stores HTML and script verbatim as plain text', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const u = await reviewer(s, app.id);
      const body = '<script>alert("x")</script><img src=x onerror=alert(1)> & &amp; "quotes"';
      const r = await postReview(s, app.bundleId, u.headers, { rating: 3, title: '<b>bold</b>', body });
      await approve(s, r.json().review.id);
      const list = await get(`/api/v1/apps/${app.bundleId}/reviews`);
      expect(list.headers['content-type']).toMatch(/application\/json/);
      expect(list.json().reviews[0]).toMatchObject({ title: '<b>bold</b>', body });
    });

    it('limits submissions per user per hour with 429 and Retry-After', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const u = await reviewer(s, app.id);
      const max = s.config.reviews.perUserPerHour;
      for (let i = 0; i < max; i++)
        expect((await postReview(s, app.bundleId, u.headers, { rating: 1 + (i % 5) })).statusCode).toBeLessThan(300);
      const blocked = await postReview(s, app.bundleId, u.headers, { rating: 5 });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().code).toBe('review_rate_limited');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('counts helpful votes once per user, refuses voting on your own review, and sorts four ways', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const authors = await Promise.all([1, 5, 3].map(() => reviewer(s, app.id)));
      const ids: string[] = [];
      for (const [i, rating] of [1, 5, 3].entries()) {
        const r = await postReview(s, app.bundleId, authors[i]?.headers ?? {}, { rating, body: genuineText(i) });
        ids.push(r.json().review.id);
        await approve(s, r.json().review.id);
      }
      const voter = await signUp(s.app);
      const other = await signUp(s.app);
      const vote = (id: string, headers: Record<string, string>, helpful: boolean) =>
        s.app.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/vote`, headers, payload: { helpful } });
      expect((await vote(ids[2] as string, voter.headers, true)).json()).toEqual({ helpfulCount: 1, unhelpfulCount: 0, myVote: 'helpful' });
      expect((await vote(ids[2] as string, voter.headers, true)).json().helpfulCount).toBe(1);
      expect((await vote(ids[2] as string, other.headers, true)).json().helpfulCount).toBe(2);
      expect((await vote(ids[0] as string, voter.headers, false)).json()).toEqual({
        helpfulCount: 0,
        unhelpfulCount: 1,
        myVote: 'not_helpful',
      });
      const own = await vote(ids[0] as string, authors[0]?.headers ?? {}, true);
      expect(own.statusCode).toBe(400);
      expect(own.json().code).toBe('cannot_vote_own_review');
      const undo = await s.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${ids[0]}/vote`, headers: voter.headers });
      expect(undo.json()).toEqual({ helpfulCount: 0, unhelpfulCount: 0, myVote: null });

      const order = async (sort: string) =>
        (await get(`/api/v1/apps/${app.bundleId}/reviews?sort=${sort}`, voter.headers))
          .json()
          .reviews.map((r: { rating: number }) => r.rating);
      expect(await order('critical')).toEqual([1, 3, 5]);
      expect(await order('favorable')).toEqual([5, 3, 1]);
      expect((await order('helpful'))[0]).toBe(3);
      expect(await order('recent')).toEqual([3, 5, 1]);
      const listed = (await get(`/api/v1/apps/${app.bundleId}/reviews?sort=helpful`, voter.headers)).json().reviews[0];
      expect(listed.myVote).toBe('helpful');
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews?rating=5`)).json().total).toBe(1);
    });

    it('reports once per user, not your own; deletes your own review only', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const author = await reviewer(s, app.id);
      const r = await postReview(s, app.bundleId, author.headers, { rating: 2, body: genuineText(9) });
      const id = r.json().review.id;
      await approve(s, id);
      const reporter = await signUp(s.app);
      const report = (headers: Record<string, string>) =>
        s.app.inject({ method: 'POST', url: `/api/v1/reviews/${id}/reports`, headers, payload: { reason: 'spam' } });
      expect((await report(reporter.headers)).statusCode).toBe(202);
      expect((await report(reporter.headers)).statusCode).toBe(202);
      expect((await report(author.headers)).json().code).toBe('cannot_report_own_review');
      const row = await s.ctx.services.reviews.getRow(s.ctx.db, id);
      expect(row?.report_count).toBe(1);

      expect((await s.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}`, headers: reporter.headers })).statusCode).toBe(404);
      expect((await s.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}`, headers: author.headers })).statusCode).toBe(204);
      await s.ctx.bus.drain();
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews`)).json().total).toBe(0);
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews/mine`, author.headers)).statusCode).toBe(404);
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings`)).json().count).toBe(0);
      // writing again revives the same review as a new revision
      const again = await postReview(s, app.bundleId, author.headers, { rating: 4 });
      expect(again.statusCode).toBe(200);
      expect(again.json().review.id).toBe(id);
    });
  },
  { env: { ...fastHashEnv, REVIEWS_PER_HOUR: '4' } },
);
