/**
 * The moderation console in a real browser against a real server: a moderator reads a flagged
 * review's trust score and signal breakdown, rejects it with a reason (refused without one),
 * approves a review that shoppers reported, and finds both in the audit log; a customer is kept
 * out. Then the developer answers the approved review from the console's review inbox.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { bulkUsers, grant, postReview, reviewer } from '../../src/modules/reviews/reviews.fixtures.js';
import { createLiveApp, signUp, signUpDeveloper, type TestStore, uniqueEmail } from '../../src/testing/harness.js';
import { accessibilityProblems, describeBrowser } from './browser-harness.js';

const PASSWORD = 'correct horse battery';
const GENUINE =
  'Version 2.1 fixed the sync bug I had with my tablet; the new widget and dark mode settings are handy, though search is slow on old phones.';

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

async function write(s: TestStore, bundleId: string, appId: string, payload: Record<string, unknown>, source?: 'free' | 'purchase') {
  const u = await reviewer(s, appId, { source });
  const r = await postReview(s, bundleId, u.headers, payload);
  expect(r.statusCode).toBe(201);
  await s.ctx.bus.drain();
  return r.json().review.id as string;
}

describeBrowser('moderation console', (env) => {
  let shared: { dev: Awaited<ReturnType<typeof signUpDeveloper>>; bundleId: string; genuineId: string } | undefined;

  it('rejects a flagged review with a reason and approves a reported one', async () => {
    const { store, baseUrl: base } = env();
    const dev = await signUpDeveloper(store.app, 'Moss Studio');
    const app = await createLiveApp(store.app, dev, { name: 'Moss Habits', description: 'Build habits that stick.' });
    const flaggedId = await write(store, app.bundleId, app.id, { rating: 5, title: 'Best app ever', body: 'Great app, love it' });
    const genuineId = await write(store, app.bundleId, app.id, { rating: 4, title: 'Sync fixed', body: GENUINE }, 'purchase');
    const bulkIds = [
      await write(store, app.bundleId, app.id, { rating: 5, title: 'Bulk one', body: 'Great app, love it!!' }),
      await write(store, app.bundleId, app.id, { rating: 5, title: 'Bulk two', body: 'Great app, love it!!!' }),
    ];
    for (let i = 0; i < 3; i++) {
      const u = await signUp(store.app);
      const rep = await store.app.inject({
        method: 'POST',
        url: `/api/v1/reviews/${genuineId}/reports`,
        headers: u.headers,
        payload: { reason: 'spam', note: `looks paid ${i}` },
      });
      expect(rep.statusCode).toBe(202);
    }
    await store.ctx.bus.drain();
    shared = { dev, bundleId: app.bundleId, genuineId };

    // A customer is kept out.
    const customer = await signUp(store.app);
    const page = await env().newPage();
    await signIn(page, base, customer.email);
    await page.goto(`${base}/moderation`);
    await page.getByText('For moderators only').waitFor();

    const modEmail = uniqueEmail('mod');
    const modUser = await store.ctx.services.accounts.createUser(store.ctx.db, {
      email: modEmail,
      password: PASSWORD,
      displayName: 'Mira Mod',
      role: 'moderator',
    });
    await signIn(page, base, modEmail);
    await page.getByRole('link', { name: 'Moderation' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    // The model's status (none trained in this store) and what the decisions are for.
    await page.getByText('No model is live yet').waitFor();

    const flagged = page.locator('.mod-card', { hasText: 'Best app ever' });
    await flagged.waitFor();
    expect(await flagged.textContent()).toContain('Flagged by integrity check');
    // Not bought: the verified-purchase signal is 0.3 (DESIGN.md), shown as a bar and a percentage.
    expect(await flagged.locator('.signal', { hasText: 'Verified purchase' }).locator('.signal__value').textContent()).toBe('30%');
    await flagged.getByText('not a verified purchase').waitFor();
    expect(await flagged.locator('.signal').count()).toBe(6);
    expect(await accessibilityProblems(page)).toEqual([]);
    // No reason: refused before any request, and the review stays queued.
    await flagged.getByRole('button', { name: 'Reject' }).click();
    await flagged.getByText('Say why: the reason is kept in the audit log and teaches the model.').waitFor();
    await flagged.getByLabel('Reason').fill('Generic praise from a new account that never bought the app');
    await flagged.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Rejected “Best app ever”.').waitFor();
    await flagged.waitFor({ state: 'detached' });

    // Two look-alike reviews rejected at once with one reason.
    await page.getByRole('checkbox', { name: 'Select review Bulk one' }).check();
    await page.getByRole('checkbox', { name: 'Select review Bulk two' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    expect(await bulk.getByRole('button', { name: 'Reject selected' }).isDisabled()).toBe(true);
    await bulk.getByLabel('Reason for all selected').fill('Near-duplicate praise from new accounts');
    await bulk.getByRole('button', { name: 'Reject selected' }).click();
    await page.getByText('Rejected 2 reviews.').waitFor();
    await page.locator('.mod-card', { hasText: 'Bulk one' }).waitFor({ state: 'detached' });
    for (const id of bulkIds)
      expect((await store.ctx.services.integrity.moderation.reviewDetail(store.ctx.db, id)).review.status).toBe('rejected');

    // The reported review, under the Reported filter, with the shoppers' reports.
    await page.getByRole('link', { name: 'Reported' }).click();
    const reported = page.locator('.mod-card', { hasText: 'Sync fixed' });
    await reported.waitFor();
    await reported.getByText('3 reports from shoppers').waitFor();
    await reported.getByText('looks paid 0').waitFor();
    await reported.getByLabel('Reason').fill('Specific, matches a verified purchase; reports look coordinated');
    await reported.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved “Sync fixed”.').waitFor();
    await reported.waitFor({ state: 'detached' });

    // The decisions took effect on the server, and both are in the audit log.
    const mod = await store.ctx.services.integrity.moderation.reviewDetail(store.ctx.db, flaggedId);
    expect(mod.review.status).toBe('rejected');
    expect(mod.queued).toBe(false);
    expect((await store.ctx.services.integrity.moderation.reviewDetail(store.ctx.db, genuineId)).review.status).toBe('approved');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'review.approve' }).waitFor();
    expect(await page.getByRole('cell', { name: 'review.reject' }).count()).toBe(3);
    await page.getByRole('cell', { name: 'Generic praise from a new account that never bought the app' }).waitFor();
    expect(modUser.id).toBeTruthy();

    // The model page lists versions (none yet) and offers a retrain.
    await page.getByRole('link', { name: 'Model', exact: true }).click();
    await page.getByRole('button', { name: 'Retrain now' }).click();
    // Four labels are not enough to train on: the server says so, nothing goes live.
    await page.getByText(/Not enough moderator decisions to train on yet \(4 labels/).waitFor();
    expect(await page.locator('.data-table').count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.getByText('Nothing to moderate').waitFor();
    // On a phone the filters wrap under the title instead of squeezing it.
    const title = await page.getByRole('heading', { level: 1, name: 'Review queue' }).boundingBox();
    const filters = await page.getByRole('navigation', { name: 'Show' }).boundingBox();
    expect(filters && title && filters.y >= title.y + title.height).toBe(true);
    // Every moderation page fits a 360px phone without scrolling sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    for (const path of ['', '/submissions', '/incidents', '/model', '/audit']) {
      await page.goto(`${base}/moderation${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await accessibilityProblems(page), path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `/moderation${path} scrolls sideways at 360px`).toBeLessThanOrEqual(0);
    }
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('lets the developer filter reviews of their apps and answer one', async () => {
    if (!shared) throw new Error('the previous test sets up the reviews');
    const { baseUrl: base } = env();
    const page = await env().newPage();
    await signIn(page, base, shared.dev.email);
    await page.getByRole('link', { name: 'Console' }).click();
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reviews of my apps' }).waitFor();
    const review = page.locator('.inbox-review', { hasText: 'Sync fixed' });
    await review.waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // Filters live in the URL: 1-star shows nothing, unanswered shows the review.
    await page.getByLabel('Rating').selectOption('1');
    await page.waitForURL(/rating=1/);
    await page.getByText('No reviews match').waitFor();
    await page.getByLabel('Rating').selectOption('');
    // The checkbox follows the URL, so click and wait for the navigation (check() would race it).
    await page.getByLabel('Unanswered only').click();
    await page.waitForURL(/unanswered=1/);
    await review.waitFor();

    await review.getByRole('button', { name: 'Reply' }).click();
    await review.getByLabel(/Response to/).fill('Thanks! Search gets faster in 2.2.');
    await review.getByRole('button', { name: 'Publish response' }).click();
    await page.getByText('Response published. The reviewer is notified.').waitFor();
    // Answered now, so it leaves the unanswered list; without the filter it shows the response.
    await review.waitFor({ state: 'detached' });
    await page.getByLabel('Unanswered only').click();
    await page.waitForURL((url) => !url.search.includes('unanswered'));
    const answered = page.locator('.inbox-review', { hasText: 'Sync fixed' });
    await answered.getByText('Thanks! Search gets faster in 2.2.').waitFor();
    await answered.getByRole('button', { name: 'Edit response' }).click();
    await answered.getByLabel(/Response to/).fill('Thanks! Search is faster in 2.2, out now.');
    await answered.getByRole('button', { name: 'Publish response' }).click();
    await page.getByText('Response updated.').waitFor();
    await answered.getByText('Thanks! Search is faster in 2.2, out now.').waitFor();

    // The app's own reviews page shows its rating summary.
    await page.goto(`${base}/console/apps/${shared.bundleId}/reviews`);
    await page.getByRole('heading', { name: 'Rating summary' }).waitFor();
    await page.getByRole('button', { name: 'Reset rating summary…' }).click();
    await page.getByRole('button', { name: /Yes, reset the rating/ }).click();
    await page.getByText('Rating summary reset. Your reviews stay visible.').waitFor();
    await page.locator('.inbox-review', { hasText: 'Sync fixed' }).waitFor();
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('resolves a review-bombing incident by rejecting the held reviews', async () => {
    const { store, baseUrl: base } = env();
    const dev = await signUpDeveloper(store.app, 'Oak Tools');
    const app = await createLiveApp(store.app, dev, { name: 'Oak Ledger', description: 'Bookkeeping for small shops.' });
    // Sixteen accounts made today post one star within minutes: more than the burst threshold.
    const attackers = await bulkUsers(store, 16, new Date().toISOString());
    for (const [i, u] of attackers.entries()) {
      await grant(store, u.id, app.id, 'free');
      await store.ctx.services.reviews.submit(store.ctx.db, u, app.bundleId, { rating: 1, body: `Terrible, do not download ${i}` });
      await store.ctx.bus.drain();
    }
    const modEmail = uniqueEmail('mod');
    await store.ctx.services.accounts.createUser(store.ctx.db, {
      email: modEmail,
      password: PASSWORD,
      displayName: 'Ike Mod',
      role: 'moderator',
    });
    const page = await env().newPage();
    await signIn(page, base, modEmail);
    await page.goto(`${base}/moderation/incidents`);
    const card = page.locator('.incident', { hasText: app.bundleId });
    await card.waitFor();
    expect(await card.textContent()).toContain('Negative burst');
    expect(await card.textContent()).toMatch(/\d+ held out of the rating now/);
    expect(await card.getByRole('button', { name: 'Reject held reviews' }).isDisabled()).toBe(true);
    await card.getByLabel('Note').fill('Coordinated one-star attack from fresh accounts');
    await card.getByRole('button', { name: 'Reject held reviews' }).click();
    await page.getByText('Held reviews rejected.').waitFor();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Resolved' }).click();
    const resolved = page.locator('.incident', { hasText: app.bundleId });
    await resolved.getByText(/reviews rejected — Coordinated one-star attack/).waitFor();
    const incidents = await store.ctx.services.integrity.incidents.list(store.ctx.db, { status: 'resolved', limit: 50, offset: 0 });
    expect(incidents.find((x) => x.bundleId === app.bundleId)).toMatchObject({ resolution: 'reject', held: 0 });
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
