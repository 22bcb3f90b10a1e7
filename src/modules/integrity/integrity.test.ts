import { expect, it } from 'vitest';
import { describeStore, signUp, type TestStore } from '../../testing/harness.js';
import {
  appWithDeveloper,
  fastHashEnv,
  genuineText,
  moderator,
  postReview,
  reviewer,
  syntheticLabels,
} from '../reviews/reviews.fixtures.js';
import { isHeldOut } from './model/pipeline.js';
import { ModelTrainer } from './training.service.js';

async function write(
  s: TestStore,
  bundleId: string,
  appId: string,
  body: string,
  opts: { source?: 'free' | 'purchase'; rating?: number } = {},
) {
  const u = await reviewer(s, appId, { source: opts.source });
  const r = await postReview(s, bundleId, u.headers, { rating: opts.rating ?? 5, body });
  await s.ctx.bus.drain();
  return { user: u, id: r.json().review.id as string };
}

describeStore(
  'review integrity and moderation',
  (store) => {
    const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
      store().app.inject({ method, url, headers, payload: payload as Record<string, unknown> | undefined });

    it('scores every review and stores the decision with score, signals, reasons and model version', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const mod = await moderator(s);
      const good = await write(s, app.bundleId, app.id, genuineText(1), { source: 'purchase' });
      const detail = (await inject('GET', `/api/v1/moderation/reviews/${good.id}`, mod.headers)).json();
      expect(detail.review.status).toBe('approved');
      expect(detail.decisions).toHaveLength(1);
      expect(detail.decisions[0]).toMatchObject({ action: 'approve', modelVersion: null, modelScore: null });
      expect(detail.decisions[0].signals).toMatchObject({ verifiedPurchase: 1, velocity: 1, coordination: 1 });

      const spam = 'Best app ever!!! Download now at www.cheap-stars.example promo code FREE';
      const first = await write(s, app.bundleId, app.id, spam);
      const copy = await write(s, app.bundleId, app.id, `${spam}!`);
      const d1 = (await inject('GET', `/api/v1/moderation/reviews/${first.id}`, mod.headers)).json();
      const d2 = (await inject('GET', `/api/v1/moderation/reviews/${copy.id}`, mod.headers)).json();
      expect(['manual_review', 'rejected']).toContain(d1.review.status);
      expect(d1.decisions[0].reasons).toEqual(expect.arrayContaining(['content: links or contact details', 'not a verified purchase']));
      expect(d2.decisions[0].signals.originality).toBeLessThan(0.3);
      expect(d2.decisions[0].score).toBeLessThan(d1.decisions[0].score);
      expect(d2.decisions[0].reasons.some((r: string) => r.startsWith('originality:'))).toBe(true);
    });

    it('queues by risk; moderators approve or reject with a reason, in bulk, and every action is audited', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const mod = await moderator(s);
      const a = await write(s, app.bundleId, app.id, 'Great app, love it');
      const b = await write(s, app.bundleId, app.id, 'Great app, love it');
      const c = await write(s, app.bundleId, app.id, 'Great app, love it!');
      const queue = (await inject('GET', `/api/v1/moderation/queue?bundleId=${app.bundleId}`, mod.headers)).json();
      expect(queue.total).toBe(3);
      const scores = queue.items.map((i: { score: number }) => i.score);
      expect(scores).toEqual([...scores].sort((x, y) => x - y));
      expect(queue.items[0].decision.reasons.length).toBeGreaterThan(0);
      expect(queue.items[0].review.userId).toBeTruthy();

      const customer = await signUp(s.app);
      expect((await inject('GET', '/api/v1/moderation/queue', customer.headers)).statusCode).toBe(403);
      expect((await inject('POST', `/api/v1/moderation/reviews/${a.id}/decision`, mod.headers, { action: 'approve' })).statusCode).toBe(
        400,
      );

      const ok = await inject('POST', `/api/v1/moderation/reviews/${a.id}/decision`, mod.headers, {
        action: 'approve',
        reason: 'Short but real',
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().review.status).toBe('approved');
      const missing = '01890000-0000-7000-8000-000000000000';
      const bulk = await inject('POST', '/api/v1/moderation/reviews/decisions', mod.headers, {
        ids: [b.id, c.id, missing],
        action: 'reject',
        reason: 'Copy-paste campaign',
      });
      expect(bulk.json().results).toEqual([
        { id: b.id, ok: true, status: 'rejected' },
        { id: c.id, ok: true, status: 'rejected' },
        { id: missing, ok: false, error: 'review_not_found' },
      ]);
      expect((await inject('GET', `/api/v1/moderation/queue?bundleId=${app.bundleId}`, mod.headers)).json().total).toBe(0);
      const audit = (await inject('GET', `/api/v1/moderation/audit?actorId=${mod.user.id}`, mod.headers)).json().entries;
      expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['review.approve', 'review.reject', 'review.reject']);
      expect(audit.find((e: { targetId: string }) => e.targetId === a.id).reason).toBe('Short but real');
      const labels = await s.ctx.db
        .selectFrom('integrity_labels')
        .selectAll()
        .where('review_id', 'in', [a.id, b.id])
        .orderBy('label')
        .execute();
      expect(labels.map((l) => [l.review_id, l.label, l.source])).toEqual([
        [b.id, 'fake', 'moderator'],
        [a.id, 'genuine', 'moderator'],
      ]);
      expect(labels[0]?.signals).toContain('originality');
      await s.ctx.bus.drain();
      expect((await inject('GET', `/api/v1/apps/${app.bundleId}/ratings`, {})).json().count).toBe(1);
    });

    it('puts a review reported by enough people in front of moderators', async () => {
      const s = store();
      const { app } = await appWithDeveloper(s);
      const mod = await moderator(s);
      const r = await write(s, app.bundleId, app.id, genuineText(4), { source: 'purchase' });
      for (let i = 0; i < s.config.reviews.reportsToQueue; i++) {
        const reporter = await signUp(s.app);
        await inject('POST', `/api/v1/reviews/${r.id}/reports`, reporter.headers, { reason: 'offensive', note: `report ${i}` });
      }
      await s.ctx.bus.drain();
      const queue = (await inject('GET', `/api/v1/moderation/queue?bundleId=${app.bundleId}`, mod.headers)).json();
      expect(queue.items.map((i: { review: { id: string }; source: string }) => [i.review.id, i.source])).toEqual([[r.id, 'reports']]);
      const detail = (await inject('GET', `/api/v1/moderation/reviews/${r.id}`, mod.headers)).json();
      expect(detail.reports).toHaveLength(s.config.reviews.reportsToQueue);
      expect(detail.queued).toBe(true);
    });

    it('trains from labels, scores with the live version, and replaces it only when not worse', async () => {
      const s = store();
      const mod = await moderator(s);
      const admin = await moderator(s, 'admin');
      await s.ctx.services.integrity.training.importLabels(s.ctx.db, syntheticLabels(240));
      const first = await inject('POST', '/api/v1/moderation/models/retrain', mod.headers, {});
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ version: 1, promoted: true, liveMetrics: null });
      expect(first.json().labels).toBeGreaterThanOrEqual(240); // plus earlier tests' moderator decisions
      expect(first.json().metrics.accuracy).toBeGreaterThan(0.9);

      const { app } = await appWithDeveloper(s);
      const scored = await write(s, app.bundleId, app.id, 'Best app ever! Five stars!! Must download now');
      const detail = (await inject('GET', `/api/v1/moderation/reviews/${scored.id}`, mod.headers)).json();
      expect(detail.decisions[0].modelVersion).toBe(1);
      expect(detail.decisions[0].modelScore).toBeLessThan(0.5);

      // Corrupt the training side of the labels: the new version is worse on the held-out slice.
      const rows = await s.ctx.db.selectFrom('integrity_labels').select(['id', 'label']).execute();
      for (const r of rows.filter((r) => !isHeldOut(r.id)))
        await s.ctx.db
          .updateTable('integrity_labels')
          .set({ label: r.label === 'fake' ? 'genuine' : 'fake' })
          .where('id', '=', r.id)
          .execute();
      const worse = (await inject('POST', '/api/v1/moderation/models/retrain', mod.headers, {})).json();
      expect(worse).toMatchObject({ version: 2, promoted: false });
      expect(worse.metrics.f1).toBeLessThan(worse.liveMetrics.f1);
      const versions = (await inject('GET', '/api/v1/moderation/models', mod.headers)).json().models;
      expect(versions.map((m: { version: number; status: string }) => [m.version, m.status])).toEqual([
        [2, 'rejected'],
        [1, 'live'],
      ]);
      // another process (a fresh trainer over the same database) scores with the same version
      const other = new ModelTrainer({ clock: s.ctx.clock, bus: s.ctx.bus, config: s.config.integrity });
      expect((await other.live(s.ctx.db))?.version).toBe(1);

      expect((await inject('POST', '/api/v1/moderation/models/retrain', mod.headers, { force: true })).statusCode).toBe(403);
      const forced = (await inject('POST', '/api/v1/moderation/models/retrain', admin.headers, { force: true })).json();
      expect(forced).toMatchObject({ version: 3, promoted: true });
      expect((await other.live(s.ctx.db))?.version).toBe(3);

      // the scheduled job retrains only when labels arrived since the last version
      await s.ctx.scheduler.runNow('integrity.retrain');
      expect((await s.ctx.services.integrity.training.versions(s.ctx.db)).length).toBe(3);
      await s.ctx.services.integrity.training.importLabels(s.ctx.db, syntheticLabels(20, 99));
      await s.ctx.scheduler.runNow('integrity.retrain');
      const latest = (await s.ctx.services.integrity.training.versions(s.ctx.db))[0];
      expect(latest).toMatchObject({ version: 4, trigger: 'schedule' });
    });
  },
  { env: fastHashEnv },
);
