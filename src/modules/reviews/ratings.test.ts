import { expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { describeStore, signUpDeveloper, type TestStore } from '../../testing/harness.js';
import { appWithDeveloper, fastHashEnv, genuineText, postReview, reviewer } from './reviews.fixtures.js';

async function review(
  s: TestStore,
  bundleId: string,
  appId: string,
  rating: number,
  opts: { country?: string; decide?: 'approve' | 'reject' } = {},
) {
  const u = await reviewer(s, appId, { country: opts.country });
  const r = await postReview(s, bundleId, u.headers, { rating, body: genuineText(rating) });
  const id = r.json().review.id as string;
  await s.ctx.bus.drain();
  if (opts.decide) await s.ctx.services.integrity.moderation.decide(s.ctx.db, 'test-moderator', id, opts.decide, 'test');
  await s.ctx.bus.drain();
  return { user: u, id };
}

describeStore(
  'rating summaries and developer responses',
  (store) => {
    const get = (url: string, headers?: Record<string, string>) => store().app.inject({ method: 'GET', url, headers });

    it('summarises approved reviews only, per country and per version, with a Bayesian average, and updates the catalog', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      await review(s, app.bundleId, app.id, 5, { country: 'US', decide: 'approve' });
      await review(s, app.bundleId, app.id, 4, { country: 'US', decide: 'approve' });
      await review(s, app.bundleId, app.id, 1, { country: 'FR', decide: 'approve' });
      await review(s, app.bundleId, app.id, 1, { country: 'FR', decide: 'reject' });
      const all = (await get(`/api/v1/apps/${app.bundleId}/ratings`)).json();
      expect(all).toMatchObject({ scope: 'all', count: 3, average: 3.33, histogram: [1, 0, 0, 1, 1] });
      const { confidence, mean } = all.prior;
      expect(confidence).toBe(100);
      expect(all.bayesianAverage).toBeCloseTo((confidence * mean + 10) / (confidence + 3), 2);
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings?country=FR`)).json()).toMatchObject({
        scope: 'country',
        key: 'FR',
        count: 1,
      });
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings?version=1.0.0`)).json().count).toBe(3);
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings?country=FR&version=1.0.0`)).statusCode).toBe(400);
      const detail = (await get(`/api/v1/apps/${app.bundleId}`)).json();
      expect(detail).toMatchObject({ ratingCount: 3, ratingAverage: 3.33, ratingHistogram: [1, 0, 0, 1, 1] });
      const breakdown = (await get(`/api/v1/apps/${app.bundleId}/ratings/breakdown`)).json();
      expect(breakdown.countries.map((c: { key: string }) => c.key).sort()).toEqual(['FR', 'US']);
      const bayes = await s.ctx.services.reviews.ratings.bayesianFor(s.ctx.db, [app.id]);
      expect(bayes.get(app.id)?.count).toBe(3);
    });

    it('lets the developer reset the summary on a version; reviews stay and still count for their version', async () => {
      const s = store();
      const { dev, app } = await appWithDeveloper(s);
      await review(s, app.bundleId, app.id, 2, { decide: 'approve' });
      const other = await signUpDeveloper(s.app);
      const denied = await s.app.inject({
        method: 'POST',
        url: `/api/v1/apps/${app.bundleId}/ratings/reset`,
        headers: other.headers,
        payload: {},
      });
      expect(denied.statusCode).toBe(404);
      const reset = await s.app.inject({
        method: 'POST',
        url: `/api/v1/apps/${app.bundleId}/ratings/reset`,
        headers: dev.headers,
        payload: {},
      });
      expect(reset.statusCode, reset.body).toBe(200);
      await s.ctx.bus.drain();
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings`)).json().count).toBe(0);
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings?version=1.0.0`)).json().count).toBe(1);
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews`)).json().total).toBe(1);
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings/breakdown`)).json().reset.version).toBe('1.0.0');
      await review(s, app.bundleId, app.id, 5, { decide: 'approve' });
      expect((await get(`/api/v1/apps/${app.bundleId}/ratings`)).json()).toMatchObject({ count: 1, average: 5 });
    });

    it('keeps ratings imported with the catalog as a baseline', async () => {
      const s = store();
      await inTransaction(s.ctx.db, (trx) =>
        s.ctx.services.catalog.importBatch(trx, [
          {
            bundleId: 'com.imported.notes',
            name: 'Notes',
            developer: 'Imported Ltd',
            category: 'Productivity',
            ratingAverage: 4,
            ratingCount: 200,
          },
        ]),
      );
      const appId = (await s.ctx.services.catalog.appIdForBundle(s.ctx.db, 'com.imported.notes')) as string;
      await review(s, 'com.imported.notes', appId, 1, { decide: 'approve' });
      const summary = (await get('/api/v1/apps/com.imported.notes/ratings')).json();
      expect(summary.count).toBe(201);
      expect(summary.average).toBeGreaterThan(3.9);
    });

    it('takes one editable developer response per review, notifies the reviewer, and filters the inbox', async () => {
      const s = store();
      const { dev, app } = await appWithDeveloper(s);
      const a = await review(s, app.bundleId, app.id, 1, { country: 'GB', decide: 'approve' });
      const b = await review(s, app.bundleId, app.id, 5, { country: 'US', decide: 'approve' });
      const put = (id: string, headers: Record<string, string>, body: string) =>
        s.app.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/response`, headers, payload: { body } });
      expect((await put(a.id, dev.headers, 'Sorry! Fixed in 1.0.1.')).statusCode).toBe(201);
      const edited = await put(a.id, dev.headers, 'Sorry! Fixed in 1.0.2.');
      expect(edited.statusCode).toBe(200);
      expect(edited.json().response.body).toBe('Sorry! Fixed in 1.0.2.');
      const stranger = await signUpDeveloper(s.app);
      expect((await put(a.id, stranger.headers, 'Not mine')).statusCode).toBe(404);
      expect((await put(a.id, a.user.headers, 'Not a developer')).statusCode).toBe(403);
      expect((await get(`/api/v1/apps/${app.bundleId}/reviews?sort=critical`)).json().reviews[0].response.body).toBe(
        'Sorry! Fixed in 1.0.2.',
      );

      await s.ctx.bus.drain();
      const list = (await get('/api/v1/me/notifications', a.user.headers)).json();
      expect(list.unread).toBe(2);
      expect(list.notifications[0]).toMatchObject({ kind: 'review_response', data: { reviewId: a.id, bundleId: app.bundleId } });
      const read = await s.app.inject({
        method: 'POST',
        url: `/api/v1/me/notifications/${list.notifications[0].id}/read`,
        headers: a.user.headers,
      });
      expect(read.statusCode).toBe(204);
      expect((await get('/api/v1/me/notifications?unread=true', a.user.headers)).json().notifications).toHaveLength(1);
      const other = await s.app.inject({
        method: 'POST',
        url: `/api/v1/me/notifications/${list.notifications[0].id}/read`,
        headers: b.user.headers,
      });
      expect(other.statusCode).toBe(404);
      expect(
        (await s.app.inject({ method: 'POST', url: '/api/v1/me/notifications/read-all', headers: a.user.headers })).json().updated,
      ).toBe(1);

      const inbox = (q: string) => get(`/api/v1/developers/me/reviews${q}`, dev.headers).then((r) => r.json());
      expect((await inbox('')).total).toBe(2);
      expect((await inbox('?unanswered=true')).reviews.map((r: { id: string }) => r.id)).toEqual([b.id]);
      expect((await inbox('?rating=1')).reviews.map((r: { id: string }) => r.id)).toEqual([a.id]);
      expect((await inbox('?country=US')).total).toBe(1);
      expect((await inbox(`?bundleId=${app.bundleId}&version=1.0.0`)).total).toBe(2);
      expect((await get('/api/v1/developers/me/reviews?bundleId=com.not.mine', dev.headers)).statusCode).toBe(404);
      const removed = await s.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${a.id}/response`, headers: dev.headers });
      expect(removed.statusCode).toBe(204);
      expect((await inbox('?unanswered=true')).total).toBe(2);
    });
  },
  { env: fastHashEnv },
);
