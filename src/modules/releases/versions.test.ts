import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../platform/clock.js';
import { describeStore, signUpDeveloper } from '../../testing/harness.js';
import { addMedia, appReadyForReview, moderator, releaseVersion, uploadBuild } from './releases.fixtures.js';

const clock = new ManualClock('2026-03-01T09:00:00Z');

describeStore(
  'releases: versions and review',
  (store) => {
    const inject = (o: InjectOptions) => store().app.inject(o);
    const post = (url: string, headers: Record<string, string>, payload?: object) =>
      inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

    it('walks a version through review to sale, with history the developer can read', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      expect(
        (await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.0', buildNumber: 1, permissions: ['camera'] })).statusCode,
      ).toBe(201);
      const base = `/api/v1/apps/${bundleId}/versions`;
      const created = await post(base, dev.headers, { version: '1.0.0', buildNumber: 1, releaseMode: 'manual' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().version.state).toBe('PREPARE_FOR_SUBMISSION');

      const submitted = await post(`${base}/1.0.0/submit`, dev.headers);
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json().version.state).toBe('WAITING_FOR_REVIEW');
      expect(submitted.json().version.checks.passed).toBe(true);

      const mod = await moderator(store().app, store().ctx);
      const queue = await inject({ method: 'GET', url: '/api/v1/review/submissions?state=WAITING_FOR_REVIEW&limit=50', headers: mod });
      const item = queue.json().submissions.find((s: { bundleId: string }) => s.bundleId === bundleId);
      expect(item.app.name).toBeTruthy();
      const id = item.id;
      // approving before starting the review is not in the table
      const early = await post(`/api/v1/review/submissions/${id}/approve`, mod);
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('invalid_transition');
      expect((await post(`/api/v1/review/submissions/${id}/start`, mod)).json().submission.state).toBe('IN_REVIEW');
      // the developer cannot release while in review
      expect((await post(`${base}/1.0.0/release`, dev.headers)).statusCode).toBe(409);
      const approved = await post(`/api/v1/review/submissions/${id}/approve`, mod, { note: 'Looks good' });
      expect(approved.json().submission.state).toBe('PENDING_DEVELOPER_RELEASE');

      const released = await post(`${base}/1.0.0/release`, dev.headers);
      expect(released.json().version.state).toBe('READY_FOR_SALE');
      const history = released.json().version.history.map((h: { to: string; actorRole: string }) => `${h.to}:${h.actorRole}`);
      expect(history).toEqual([
        'PREPARE_FOR_SUBMISSION:developer',
        'WAITING_FOR_REVIEW:developer',
        'IN_REVIEW:reviewer',
        'PENDING_DEVELOPER_RELEASE:reviewer',
        'READY_FOR_SALE:developer',
      ]);
      const listing = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` });
      expect(listing.json().version).toBe('1.0.0');
      expect(listing.json().currentVersion.sizeBytes).toBeGreaterThan(0);
    });

    it('refuses submission with the failing checks listed, and lets a rejected version be fixed and resubmitted', async () => {
      const dev = await signUpDeveloper(store().app);
      const bundleId = `com.test.bare${Date.now()}`;
      await post('/api/v1/apps', dev.headers, { bundleId, name: 'Bare', category: 'Books' });
      await post(`/api/v1/apps/${bundleId}/versions`, dev.headers, { version: '1.0.0' });
      const r = await post(`/api/v1/apps/${bundleId}/versions/1.0.0/submit`, dev.headers);
      expect(r.statusCode).toBe(422);
      expect(r.json().code).toBe('submission_incomplete');
      const failed = r
        .json()
        .checks.filter((c: { ok: boolean }) => !c.ok)
        .map((c: { name: string }) => c.name);
      expect(failed).toEqual(['build_attached', 'metadata_complete', 'screenshots_present']);

      await inject({
        method: 'PATCH',
        url: `/api/v1/apps/${bundleId}`,
        headers: dev.headers,
        payload: { description: 'Now with a long description.' },
      });
      await addMedia(store().app, dev.headers, bundleId);
      await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.0', buildNumber: 1 });
      // a build of another version cannot be attached
      await uploadBuild(store().app, dev.headers, bundleId, { version: '1.0.1', buildNumber: 2 });
      const mismatch = await inject({
        method: 'PATCH',
        url: `/api/v1/apps/${bundleId}/versions/1.0.0`,
        headers: dev.headers,
        payload: { buildNumber: 2 },
      });
      expect(mismatch.json().code).toBe('build_version_mismatch');
      await inject({ method: 'PATCH', url: `/api/v1/apps/${bundleId}/versions/1.0.0`, headers: dev.headers, payload: { buildNumber: 1 } });
      const ok = await post(`/api/v1/apps/${bundleId}/versions/1.0.0/submit`, dev.headers);
      expect(ok.statusCode, ok.body).toBe(200);

      const mod = await moderator(store().app, store().ctx);
      const id = ok.json().version.id;
      await post(`/api/v1/review/submissions/${id}/start`, mod);
      const rejected = await post(`/api/v1/review/submissions/${id}/reject`, mod, {
        reasons: [{ code: '2.1', message: 'The app crashes on launch' }],
        note: 'Tested on a phone',
      });
      expect(rejected.json().submission.state).toBe('REJECTED');
      const seen = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}/versions/1.0.0`, headers: dev.headers });
      const last = seen.json().version.history.at(-1);
      expect(last).toMatchObject({
        from: 'IN_REVIEW',
        to: 'REJECTED',
        action: 'reject',
        reasons: [{ code: '2.1', message: 'The app crashes on launch' }],
      });
      expect((await post(`/api/v1/apps/${bundleId}/versions/1.0.0/submit`, dev.headers)).json().version.state).toBe('WAITING_FOR_REVIEW');
      // only one version in the works, and versions only go up
      expect((await post(`/api/v1/apps/${bundleId}/versions`, dev.headers, { version: '1.1.0' })).json().code).toBe('version_in_progress');
    });

    it('takes a draft app live on its first release and flags new permissions for the reviewer', async () => {
      const dev = await signUpDeveloper(store().app);
      const bundleId = `com.test.draft${Date.now()}`;
      await post('/api/v1/apps', dev.headers, { bundleId, name: 'Drafty', category: 'Books', description: 'Long enough description.' });
      await addMedia(store().app, dev.headers, bundleId);
      expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).statusCode).toBe(404);
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.0.0', buildNumber: 1, permissions: ['camera'] });
      const live = await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` });
      expect(live.statusCode).toBe(200);
      expect(live.json().status).toBe('live');

      await uploadBuild(store().app, dev.headers, bundleId, { version: '1.1.0', buildNumber: 2, permissions: ['camera', 'location'] });
      await post(`/api/v1/apps/${bundleId}/versions`, dev.headers, { version: '1.1.0', buildNumber: 2, releaseNotes: 'Maps' });
      const sub = await post(`/api/v1/apps/${bundleId}/versions/1.1.0/submit`, dev.headers);
      expect(sub.json().version.checks.permissionsAdded).toEqual(['location']);
      const low = await post(`/api/v1/apps/${bundleId}/versions`, dev.headers, { version: '0.9.0' });
      expect(low.statusCode).toBe(409);
    });

    it('runs a phased release on the clock: pause, resume, the 30-day pause limit, halt', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.0.0', buildNumber: 1 });
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.1.0', buildNumber: 2 }, { releaseMode: 'phased' });
      const url = `/api/v1/apps/${bundleId}/versions/1.1.0`;
      const get = async () => (await inject({ method: 'GET', url, headers: dev.headers })).json().version.rollout;
      expect(await get()).toMatchObject({ status: 'active', percent: 1, day: 1 });
      clock.advance(3 * DAY_MS + 60_000);
      expect(await get()).toMatchObject({ percent: 10, day: 4 });
      expect((await post(`${url}/rollout/pause`, dev.headers)).json().version.rollout.status).toBe('paused');
      clock.advance(2 * DAY_MS);
      expect(await get()).toMatchObject({ status: 'paused', percent: 10 });
      expect((await post(`${url}/rollout/resume`, dev.headers)).json().version.rollout.status).toBe('active');
      clock.advance(DAY_MS);
      expect(await get()).toMatchObject({ percent: 20 });
      // pausing beyond 30 days in total resumes by itself, and the record says so
      await post(`${url}/rollout/pause`, dev.headers);
      clock.advance(29 * DAY_MS);
      await store().ctx.services.releases.versions.settleRollouts(store().ctx.db);
      const after = (await inject({ method: 'GET', url, headers: dev.headers })).json().version;
      expect(after.rollout).toMatchObject({ status: 'active', pauseLeftMs: 0 });
      expect(after.history.at(-1).action).toBe('rollout_auto_resume');
      expect((await post(`${url}/rollout/pause`, dev.headers)).json().code).toBe('pause_limit_reached');
      expect((await post(`${url}/rollout/halt`, dev.headers)).json().version.rollout.status).toBe('halted');
      expect((await post(`${url}/rollout/resume`, dev.headers)).json().code).toBe('rollout_not_active');
    });

    it('falls back to the previous version when the current one is removed from sale', async () => {
      const { dev, bundleId } = await appReadyForReview(store().app);
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '1.0.0', buildNumber: 1 });
      await releaseVersion(store().app, store().ctx, dev, bundleId, { version: '2.0.0', buildNumber: 2 });
      expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().version).toBe('2.0.0');
      const r = await post(`/api/v1/apps/${bundleId}/versions/2.0.0/remove`, dev.headers);
      expect(r.json().version.state).toBe('DEVELOPER_REMOVED');
      expect((await inject({ method: 'GET', url: `/api/v1/apps/${bundleId}` })).json().version).toBe('1.0.0');
    });

    it('keeps the queue for moderators and their own apps out of their hands', async () => {
      const { dev } = await appReadyForReview(store().app);
      expect((await inject({ method: 'GET', url: '/api/v1/review/submissions', headers: dev.headers })).statusCode).toBe(403);
      const other = await signUpDeveloper(store().app);
      expect((await inject({ method: 'GET', url: '/api/v1/apps/com.nope.x/versions', headers: other.headers })).statusCode).toBe(404);
    });
  },
  { clock, env: { SESSION_TTL_DAYS: '365' } },
);
