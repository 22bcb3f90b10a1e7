import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeStore, signUp } from '../../testing/harness.js';
import { appWithDeveloper, fastHashEnv, postReview, reviewer } from './reviews.fixtures.js';

/** Property: no input to the review endpoints makes the server fail (5xx). */
describeStore(
  'review endpoints under arbitrary input',
  (store) => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ minLength: 95, maxLength: 4100 }),
      fc.constant('<script>x</script>'),
    );
    const rating = fc.oneof(fc.integer({ min: -3, max: 8 }), fc.double(), fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean());
    const payload = fc.oneof(
      fc.record(
        { rating, title: fc.option(text, { nil: undefined }), body: fc.option(text, { nil: undefined }) },
        { requiredKeys: ['rating'] },
      ),
      fc.anything(),
    );
    const segment = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('com.x.y', '..', '%00', 'a'.repeat(400)));

    it('never answers 5xx to submissions', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const u = await reviewer(s, app.id);
      await fc.assert(
        fc.asyncProperty(payload, fc.boolean(), async (p, known) => {
          const r = await postReview(s, known ? app.bundleId : 'com.unknown.app', u.headers, p);
          expect([200, 201, 400, 404, 415], r.body).toContain(r.statusCode);
        }),
        { numRuns: 150, seed: 5 },
      );
      // and every accepted submission goes through the integrity and rating consumers cleanly
      await s.ctx.bus.drain();
      expect(await s.ctx.db.selectFrom('event_retries').selectAll().execute()).toEqual([]);
      expect(await s.ctx.db.selectFrom('dead_letters').selectAll().execute()).toEqual([]);
    });

    it('never answers 5xx to reads, votes, reports and responses with odd ids and parameters', async () => {
      const s = store();
      const { app, dev } = await appWithDeveloper(s);
      const u = await signUp(s.app);
      const query = fc.dictionary(
        fc.constantFrom('sort', 'country', 'version', 'rating', 'limit', 'offset', 'x'),
        fc.string({ unit: 'binary', maxLength: 12 }),
      );
      await fc.assert(
        fc.asyncProperty(segment, query, payload, async (seg, q, body) => {
          const id = encodeURIComponent(seg);
          const qs = new URLSearchParams(q).toString();
          const calls = [
            s.app.inject({ method: 'GET', url: `/api/v1/apps/${id}/reviews?${qs}` }),
            s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/reviews?${qs}`, headers: u.headers }),
            s.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/ratings?${qs}` }),
            s.app.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/vote`, headers: u.headers, payload: body as object }),
            s.app.inject({ method: 'POST', url: `/api/v1/reviews/${id}/reports`, headers: u.headers, payload: body as object }),
            s.app.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/response`, headers: dev.headers, payload: body as object }),
            s.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}`, headers: u.headers }),
            s.app.inject({ method: 'GET', url: `/api/v1/developers/me/reviews?${qs}`, headers: dev.headers }),
          ];
          for (const r of await Promise.all(calls)) expect(r.statusCode, r.body).toBeLessThan(500);
        }),
        { numRuns: 60, seed: 11 },
      );
    });
  },
  { env: { ...fastHashEnv, REVIEWS_PER_HOUR: '10000' } },
);
