/** Top charts, the developer's analytics page and the moderators' chart incidents in a real browser. */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { bulkInsert } from '../../src/db/bulk.js';
import { DAY_MS, utcDay } from '../../src/platform/clock.js';
import { newId } from '../../src/platform/ids.js';
import { createLiveApp, signUpDeveloper } from '../../src/testing/harness.js';
import { accessibilityProblems, describeBrowser, uniqueEmail } from './browser-harness.js';

const TEST_TIMEOUT = 60_000;

async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

describeBrowser('charts and analytics', (env) => {
  it(
    'shows a chart with movement, the developer’s analytics with chart history, and held spikes to moderators',
    async () => {
      const { store, baseUrl } = env();
      const ctx = store.ctx;
      const dev = await signUpDeveloper(store.app, 'Chart Studio');
      const rising = await createLiveApp(store.app, dev, { category: 'Weather', name: 'Rising Sun' });
      const steady = await createLiveApp(store.app, dev, { category: 'Weather', name: 'Steady Rain' });
      const now = ctx.clock.now().getTime();
      const users = Array.from({ length: 400 }, () => newId());
      const facts = (appId: string, from: number, n: number, spread = 10) =>
        users.slice(from, from + n).map((u, i) => ({
          app_id: appId,
          user_id: u,
          day: utcDay(new Date(now - (1 + (i % spread)) * DAY_MS)),
          country: 'DE',
          source: 'download',
        }));
      await bulkInsert(ctx.database, 'download_facts', [...facts(steady.id, 0, 80), ...facts(rising.id, 80, 20)]);
      await ctx.services.charts.compute(ctx.db);
      await bulkInsert(ctx.database, 'download_facts', facts(rising.id, 100, 200));
      await ctx.services.charts.compute(ctx.db);

      const page = await env().newPage();
      await page.goto(`${baseUrl}/charts?type=free&country=DE&category=weather`);
      await page.getByRole('heading', { name: 'Top charts' }).waitFor();
      const first = page.locator('.chart-row').first();
      await first.getByText('Rising Sun').waitFor();
      expect(await first.locator('.movement--up').count()).toBe(1);
      await page.locator('.chart-row', { hasText: 'Steady Rain' }).locator('.movement--down').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      // the pickers change the URL and the list
      await page.getByLabel('Category').selectOption('games');
      await page.waitForURL(/category=games/);
      await page.getByRole('link', { name: 'Top paid' }).click();
      await page.waitForURL(/type=paid/);

      // the developer's analytics: charts drawn, rank history listed
      await page
        .getByRole('button', { name: 'Sign out' })
        .click()
        .catch(() => {});
      await signIn(page, baseUrl, dev.email, 'correct horse battery');
      await page.goto(`${baseUrl}/console/apps/${rising.bundleId}/analytics`);
      await page.getByRole('heading', { name: 'Analytics' }).waitFor();
      await page.getByRole('heading', { name: 'Chart position over time (best rank of the day)' }).waitFor();
      await page.getByText(/#1 in free · DE · weather/).waitFor();
      expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(5);

      // a moderator sees a held spike and confirms it
      const spiky = await createLiveApp(store.app, dev, { category: 'Weather', name: 'Spiky Fog' });
      const farm = Array.from({ length: 300 }, () => ({
        app_id: spiky.id,
        user_id: newId(),
        day: utcDay(new Date(now)),
        country: 'DE',
        source: 'download',
      }));
      await bulkInsert(ctx.database, 'download_facts', farm);
      await ctx.services.charts.compute(ctx.db);
      const modEmail = uniqueEmail('mod');
      await ctx.services.accounts.createUser(ctx.db, {
        email: modEmail,
        password: 'moderator pass 1',
        displayName: 'Mo Derator',
        role: 'moderator',
      });
      await page
        .getByRole('button', { name: 'Sign out' })
        .click()
        .catch(() => {});
      await signIn(page, baseUrl, modEmail, 'moderator pass 1');
      await page.goto(`${baseUrl}/moderation/chart-incidents`);
      const row = page.locator('tr', { hasText: 'Spiky Fog' });
      await row.waitFor();
      await row.getByRole('button', { name: 'Confirm manipulation' }).click();
      await page.getByText('No open incidents.').waitFor();
      await page.getByRole('link', { name: 'Confirmed' }).click();
      await page.locator('tr', { hasText: 'Spiky Fog' }).waitFor();
      expect(env().pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
