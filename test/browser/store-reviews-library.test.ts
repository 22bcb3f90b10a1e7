/**
 * Shopper pages against the real reviews, purchases and delivery APIs in a real browser: get an
 * app, review it (own pending review shown at once), edit and delete it, vote and report, read
 * developer responses and the notification about them, in-app products, the library with a signed
 * download and "update available", purchase history with receipts and a refund.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { addMedia, releaseVersion } from '../../src/modules/releases/releases.fixtures.js';
import { createLiveApp, dialects, signUp, signUpDeveloper } from '../../src/testing/harness.js';
import { accessibilityProblems, describeBrowser, signUpThroughForm } from './browser-harness.js';

const TEST_TIMEOUT = 90_000;
type Headers = Record<string, string>;

// On SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
for (const dialect of dialects)
  describeBrowser(
    `web store: reviews, library and purchases (${dialect})`,
    (env) => {
      /** Approves a review as a moderator would and lets the consumers (ratings, notifications) run. */
      async function approve(reviewId: string) {
        const { ctx } = env().store;
        await ctx.bus.drain();
        await ctx.services.integrity.moderation.decide(ctx.db, 'test-moderator', reviewId, 'approve', 'test');
        await ctx.bus.drain();
      }

      async function inject(method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: object) {
        const r = await env().store.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
        if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
        return r.json();
      }

      /** A free live app with one approved review by another shopper, answered by the developer. */
      async function appWithAnsweredReview() {
        const { app } = env().store;
        const dev = await signUpDeveloper(app);
        const live = await createLiveApp(app, dev, { name: `Trail Notes ${Date.now()}`, priceMinor: 0 });
        const other = await signUp(app, { displayName: 'Rosa' });
        await inject('POST', `/api/v1/apps/${live.bundleId}/get`, other.headers);
        const { review } = await inject('POST', `/api/v1/apps/${live.bundleId}/reviews`, other.headers, {
          rating: 2,
          title: 'Sync lost my notes',
          body: 'Version 1.0 dropped two notes while syncing with my tablet.',
        });
        await approve(review.id);
        await inject('PUT', `/api/v1/reviews/${review.id}/response`, dev.headers, { body: 'Sorry, Rosa! 1.0.1 fixes the sync bug.' });
        await env().store.ctx.bus.drain();
        return { dev, live, other, otherReviewId: review.id as string };
      }

      it(
        'gets a free app, writes a review that shows at once, edits it, votes, reports and deletes it',
        async () => {
          const { live, otherReviewId } = await appWithAnsweredReview();
          const page = await env().newPage();
          await signUpThroughForm(page, env().baseUrl, 'Ada Reviewer');
          await page.goto(`${env().baseUrl}/apps/${live.bundleId}`);
          await page.getByRole('heading', { level: 1, name: live.name }).waitFor();

          // Not entitled yet: a plain explanation instead of a form the server would refuse.
          await page.getByText(`Only people who have ${live.name} can review it.`).waitFor();
          expect(await page.getByRole('button', { name: 'Write a review' }).count()).toBe(0);

          // Someone else's approved review, with the developer's response under it.
          const rosa = page.locator('article.review', { hasText: 'Sync lost my notes' });
          await rosa.waitFor();
          await rosa.getByText('Sorry, Rosa! 1.0.1 fixes the sync bug.').waitFor();

          // Should the library be stale and claim the app, the server still refuses, in plain words.
          await page.route('**/api/v1/me/library', (route) =>
            route.fulfill({
              json: { apps: [{ app: { bundleId: live.bundleId }, source: 'free', acquiredAt: new Date().toISOString(), products: [] }] },
            }),
          );
          await page.reload();
          await page.getByRole('button', { name: 'Write a review' }).click();
          await page.getByRole('radio', { name: /^5 stars/ }).check();
          const refused = page.waitForResponse(
            (r) => r.url().endsWith(`/apps/${live.bundleId}/reviews`) && r.request().method() === 'POST',
          );
          await page.getByRole('button', { name: 'Submit review' }).click();
          expect((await refused).status()).toBe(403);
          await page.getByText('Only people who have this app can do that. Get it first.').waitFor();
          await page.unroute('**/api/v1/me/library');
          await page.reload();
          await page.getByText(`Only people who have ${live.name} can review it.`).waitFor();

          // Get the app through the purchase sheet: the review form is offered right away.
          await page.locator('.buybox button', { hasText: 'Get' }).click();
          const sheet = page.getByRole('dialog', { name: 'Get this app' });
          await sheet.getByRole('button', { name: 'Get', exact: true }).click();
          await sheet.getByText(`${live.name} is yours.`).waitFor();
          await sheet.getByRole('button', { name: 'Done' }).click();
          await page.locator('.buybox__owned').waitFor();
          await page.getByRole('button', { name: 'Write a review' }).click();

          // A rating is required before anything is sent.
          await page.getByRole('button', { name: 'Submit review' }).click();
          await page.getByText('Choose a rating from 1 to 5 stars.').waitFor();
          await page.getByRole('radio', { name: /^4 stars/ }).check();
          await page.getByLabel('Title (optional)').fill('Handy on the trail');
          await page.getByLabel('Review (optional)').fill('Offline maps work <script>alert(1)</script> fine.');
          expect(await accessibilityProblems(page)).toEqual([]);
          const posted = page.waitForResponse((r) => r.url().endsWith(`/apps/${live.bundleId}/reviews`) && r.request().method() === 'POST');
          await page.getByRole('button', { name: 'Submit review' }).click();
          expect((await posted).status()).toBe(201);

          // Read-your-writes: the author sees their pending review immediately, as text.
          const mine = page.locator('.my-review');
          await mine.getByText('Pending').waitFor();
          await mine.getByRole('heading', { name: 'Handy on the trail' }).waitFor();
          await mine.getByText('Offline maps work <script>alert(1)</script> fine.').waitFor();
          expect(await page.evaluate(() => document.querySelectorAll('.review script').length)).toBe(0);
          // ...and still after a reload (from the server, not only from the page's memory).
          await page.reload();
          await page.locator('.my-review').getByRole('heading', { name: 'Handy on the trail' }).waitFor();

          // Edit: 200, same review, new text.
          await page.locator('.my-review').getByRole('button', { name: 'Edit' }).click();
          await page.getByLabel('Title (optional)').fill('Handy on every trail');
          const edited = page.waitForResponse((r) => r.url().endsWith(`/apps/${live.bundleId}/reviews`) && r.request().method() === 'POST');
          await page.getByRole('button', { name: 'Save changes' }).click();
          expect((await edited).status()).toBe(200);
          await page.locator('.my-review').getByRole('heading', { name: 'Handy on every trail' }).waitFor();

          // Vote on Rosa's review: pressed at once and counted by the server.
          const voted = page.waitForResponse((r) => r.url().endsWith(`/reviews/${otherReviewId}/vote`));
          await rosa.getByRole('button', { name: 'Helpful', exact: true }).click();
          expect((await voted).request().method()).toBe('PUT');
          await rosa.getByRole('button', { name: 'Helpful', exact: true, pressed: true }).waitFor();
          await rosa.getByText('1 person found this helpful').waitFor();
          const listed = await inject('GET', `/api/v1/apps/${live.bundleId}/reviews?sort=recent`, {});
          expect(listed.reviews.find((r: { id: string }) => r.id === otherReviewId).helpfulCount).toBe(1);
          // Voting the other way moves the vote instead of adding one.
          const moved = page.waitForResponse((r) => r.url().endsWith(`/reviews/${otherReviewId}/vote`));
          await rosa.getByRole('button', { name: 'Not helpful' }).click();
          expect(await (await moved).json()).toMatchObject({ helpfulCount: 0, unhelpfulCount: 1, myVote: 'not_helpful' });

          // Report it.
          await rosa.getByRole('button', { name: 'Report' }).click();
          const report = page.getByRole('dialog', { name: 'Report this review' });
          await report.getByLabel('Reason').selectOption('off_topic');
          const reported = page.waitForResponse((r) => r.url().endsWith(`/reviews/${otherReviewId}/reports`));
          await report.getByRole('button', { name: 'Send report' }).click();
          expect((await reported).status()).toBe(202);
          await rosa.getByRole('button', { name: 'Reported' }).waitFor();

          // Sort lives in the URL.
          await page.getByRole('button', { name: 'Most critical' }).click();
          await page.waitForURL(/sort=critical/);
          // the pressed state follows the URL on the next render: wait for it rather than read it at once
          await page.getByRole('button', { name: 'Most critical', pressed: true }).waitFor();

          // Delete the own review: the form is offered again and the server has no review.
          await page.locator('.my-review').getByRole('button', { name: 'Delete' }).click();
          await page.getByRole('button', { name: 'Yes, delete' }).click();
          await page.getByRole('button', { name: 'Write a review' }).waitFor();
          const after = await inject('GET', `/api/v1/apps/${live.bundleId}/reviews`, {});
          expect(after.reviews.map((r: { title: string }) => r.title)).not.toContain('Handy on every trail');
          expect(env().pageErrors).toEqual([]);
          await page.close();
        },
        TEST_TIMEOUT,
      );

      it(
        'pages through reviews and shows the reviewer the developer’s response in notifications',
        async () => {
          const { app } = env().store;
          const { live, other } = await appWithAnsweredReview();
          // 11 more approved reviews: two pages of 10.
          for (let i = 0; i < 11; i++) {
            const u = await signUp(app, { displayName: `Walker ${i}` });
            await inject('POST', `/api/v1/apps/${live.bundleId}/get`, u.headers);
            const { review } = await inject('POST', `/api/v1/apps/${live.bundleId}/reviews`, u.headers, {
              rating: (i % 5) + 1,
              title: `Walk number ${i}`,
              body: `Used it on walk ${i}; the offline map and the export worked.`,
            });
            await approve(review.id);
          }
          const page = await env().newPage();
          await page.goto(`${env().baseUrl}/apps/${live.bundleId}?sort=recent`);
          await page.getByText('12 reviews · page 1 of 2').waitFor();
          // Signed out: an invitation to sign in, and a vote leads to sign-in and back.
          await page.getByText(`to rate and review ${live.name}.`).waitFor();
          await page.getByRole('button', { name: 'Helpful', exact: true }).first().click();
          await page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('next') === `/apps/${live.bundleId}?sort=recent`);
          await page.goBack();
          await page.getByText('12 reviews · page 1 of 2').waitFor();
          expect(await page.locator('.review-list article.review').count()).toBe(10);
          await page.getByRole('button', { name: 'Next' }).click();
          await page.waitForURL(/page=2/);
          await page.getByText('12 reviews · page 2 of 2').waitFor();
          expect(await page.locator('.review-list article.review').count()).toBe(2);
          // Most favorable puts a 5-star review first.
          await page.getByRole('button', { name: 'Most favorable' }).click();
          await page.waitForURL((u) => u.searchParams.get('sort') === 'favorable' && !u.searchParams.has('page'));
          await page.getByText('12 reviews · page 1 of 2').waitFor();
          expect(await page.locator('.review-list article.review').first().getByRole('img').getAttribute('aria-label')).toMatch(
            /^Rated 5\.0 out of 5/,
          );

          // A hand-edited URL never breaks the list: an unknown sort falls back, a page past the end offers the first.
          await page.goto(`${env().baseUrl}/apps/${live.bundleId}?sort=bogus&page=-3`);
          await page.getByText('12 reviews · page 1 of 2').waitFor();
          await page.getByRole('button', { name: 'Most helpful', pressed: true }).waitFor();
          await page.goto(`${env().baseUrl}/apps/${live.bundleId}?page=99`);
          await page.getByRole('button', { name: 'Go to the first page' }).click();
          await page.getByText('12 reviews · page 1 of 2').waitFor();

          // On a phone the sort control and the reviews fit the width, and the page passes the smoke check.
          await page.setViewportSize({ width: 360, height: 800 });
          expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
          expect(await accessibilityProblems(page)).toEqual([]);
          await page.setViewportSize({ width: 1280, height: 900 });

          // Rosa has 50 newer notifications besides the developer's response, so it is on the second page.
          const { ctx } = env().store;
          for (let i = 0; i < 50; i++)
            await ctx.services.reviews.notifications.notify(ctx.db, {
              userId: other.user.id,
              kind: 'store_news',
              title: `Store news ${i}`,
              data: {},
              sourceId: `news-${other.user.id}-${i}`,
            });
          await page.goto(`${env().baseUrl}/signin`);
          await page.getByLabel('Email').fill(other.email);
          await page.getByLabel('Password').fill('correct horse battery');
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('link', { name: 'Notifications, 51 unread' }).click();
          await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
          await page.getByText('51 unread').waitFor();
          expect(await page.locator('.notification').count()).toBe(50);
          expect(await accessibilityProblems(page)).toEqual([]);
          await page.getByRole('button', { name: 'Show older notifications' }).click();
          const response = page.getByRole('link', { name: /responded to your review/ });
          await response.click();
          await page.getByRole('heading', { level: 1, name: live.name }).waitFor();
          await page.getByRole('link', { name: 'Notifications, 50 unread' }).click();
          await page.getByRole('button', { name: 'Mark all as read' }).click();
          await page.getByText('You’re all caught up.').waitFor();
          await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
          const list = await inject('GET', '/api/v1/me/notifications', other.headers);
          expect(list.unread).toBe(0);
          expect(env().pageErrors).toEqual([]);
          await page.close();
        },
        TEST_TIMEOUT,
      );

      it(
        'buys an app and an in-app product, downloads it from the library, sees an update, reads receipts and gets a refund',
        async () => {
          const { app, ctx } = env().store;
          const dev = await signUpDeveloper(app);
          const live = await createLiveApp(app, dev, {
            name: `Peak Finder ${Date.now()}`,
            priceMinor: 199,
            description: 'Names every peak.',
          });
          await addMedia(app, dev.headers, live.bundleId);
          await releaseVersion(app, ctx, dev, live.bundleId, { version: '1.0.0', buildNumber: 1 });
          await inject('POST', `/api/v1/apps/${live.bundleId}/products`, dev.headers, {
            productId: 'pro.maps',
            type: 'non_consumable',
            name: 'Offline peak maps',
            tier: 3,
          });

          const page = await env().newPage();
          await signUpThroughForm(page, env().baseUrl, 'Bea Buyer');
          await page.goto(`${env().baseUrl}/apps/${live.bundleId}`);
          // The in-app product is listed with its price; buying it needs the app first.
          const iap = page.locator('.iap', { hasText: 'Offline peak maps' });
          await iap.getByText('get the app first').waitFor();

          await page.locator('.buybox button', { hasText: 'Buy $1.99' }).click();
          const sheet = page.getByRole('dialog', { name: 'Confirm purchase' });
          const bought = page.waitForResponse((r) => r.url().endsWith('/api/v1/purchases'));
          await sheet.getByRole('button', { name: 'Buy for $1.99' }).click();
          expect((await bought).status()).toBe(201);
          await sheet.getByRole('button', { name: 'Done' }).click();

          await iap.getByRole('button', { name: /^Buy Offline peak maps for/ }).click();
          const iapSheet = page.getByRole('dialog', { name: 'Confirm purchase' });
          await iapSheet.getByText('In-app purchase ·').waitFor();
          const boughtIap = page.waitForResponse((r) => r.url().endsWith('/api/v1/purchases'));
          await iapSheet.getByRole('button', { name: /^Buy for/ }).click();
          const iapRes = await boughtIap;
          expect(iapRes.status()).toBe(201);
          expect(iapRes.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
          expect((await iapRes.json()).purchase.productId).toBe('pro.maps');
          await iapSheet.getByText('Offline peak maps is yours.').waitFor();
          await iapSheet.getByRole('button', { name: 'Done' }).click();
          await iap.getByText('Owned').waitFor();

          // Library: through the account menu; the app with its product; a signed, verified download.
          await page.getByRole('button', { name: /Account menu/ }).click();
          await page.getByRole('link', { name: 'My apps' }).click();
          await page.getByRole('heading', { level: 1, name: 'My apps' }).waitFor();
          const row = page.locator('.library-item', { hasText: live.name });
          await row.getByText('In-app purchases: pro.maps').waitFor();
          expect(await accessibilityProblems(page)).toEqual([]);
          // Signed URLs carry the configured PUBLIC_URL (the default, localhost:3000, in tests): point it at this server.
          const publicUrl = env().store.config.publicUrl;
          await page.route(`${publicUrl}/downloads/**`, (route) =>
            route.continue({ url: route.request().url().replace(publicUrl, env().baseUrl) }),
          );
          const download = page.waitForEvent('download');
          await row.getByRole('button', { name: `Download ${live.name}` }).click();
          const file = await (await download).path();
          const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
          // The bytes are the build the page announced (its SHA-256), and the download is remembered.
          await row.getByText(`SHA-256 ${sha256.slice(0, 12)}…`).waitFor();
          await row.getByText('Downloaded version 1.0.0 (build 1)').waitFor();

          // A new release: the library offers the update for the build downloaded here.
          await releaseVersion(app, ctx, dev, live.bundleId, { version: '1.1.0', buildNumber: 2 });
          await page.reload();
          await row.getByText('Update available: version 1.1.0').waitFor();
          await page.getByText('1 update available', { exact: false }).waitFor();
          const update = page.waitForEvent('download');
          await row.getByRole('button', { name: `Download update of ${live.name}` }).click();
          expect((await update).suggestedFilename()).toBe(`${live.bundleId}-1.1.0.zip`);
          await row.getByText('Downloaded version 1.1.0 (build 2)').waitFor();

          // Purchase history: both purchases, receipts verifiable, a refund for the app.
          await page.getByRole('link', { name: 'Purchase history' }).click();
          await page.getByRole('heading', { level: 1, name: 'Purchase history' }).waitFor();
          await page.getByText('2 purchases').waitFor();
          expect(await accessibilityProblems(page)).toEqual([]);
          const appRow = page.locator('.purchase-row', { hasText: live.name }).filter({ hasNotText: 'pro.maps' });
          await appRow.getByText('$1.99').waitFor();
          await appRow.getByRole('button', { name: 'Receipt' }).click();
          const receipt = page.getByRole('dialog', { name: 'Receipt' });
          expect(await receipt.getByLabel('Signed receipt (JWS)').inputValue()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
          await receipt.getByRole('button', { name: 'Check with the store' }).click();
          await receipt.getByText('Valid receipt · status: active').waitFor();
          await receipt.getByRole('button', { name: 'Close' }).click();

          await appRow.getByRole('button', { name: 'Request refund' }).click();
          const refund = page.getByRole('dialog', { name: 'Request a refund' });
          await refund.getByRole('button', { name: 'Request refund' }).click();
          await refund.getByText('Tell us briefly why you want a refund.').waitFor();
          await refund.getByLabel('Reason').fill('Bought it by mistake.');
          const asked = page.waitForResponse((r) => r.url().includes('/refund'));
          await refund.getByRole('button', { name: 'Request refund' }).click();
          expect((await asked).status()).toBe(201);
          await appRow.locator('.badge', { hasText: /Refund approved|Refunded|Refund requested/ }).waitFor();
          expect(await appRow.getByRole('button', { name: 'Request refund' }).count()).toBe(0);
          expect(env().pageErrors).toEqual([]);
          await page.close();
        },
        TEST_TIMEOUT,
      );

      it(
        'shows empty library, history and notifications pages that pass the accessibility check at 360px',
        async () => {
          const page: Page = await env().newPage({ width: 360 });
          await page.goto(`${env().baseUrl}/library`);
          await page.waitForURL(/\/signin\?next=%2Flibrary/);
          await signUpThroughForm(page, env().baseUrl, 'Cleo');
          for (const [path, text] of [
            ['/library', 'No apps yet'],
            ['/purchases', 'No purchases yet'],
            ['/notifications', 'No notifications yet'],
          ] as const) {
            await page.goto(`${env().baseUrl}${path}`);
            await page.getByText(text).waitFor();
            expect(await accessibilityProblems(page), path).toEqual([]);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(0);
          }
          expect(env().pageErrors).toEqual([]);
          await page.close();
        },
        TEST_TIMEOUT,
      );
    },
    { dialect },
  );
