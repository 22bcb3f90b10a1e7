/** Search in a real browser against the real search API and index: suggestions, results, filters, did-you-mean, trending. */
import { expect, it } from 'vitest';
import { accessibilityProblems, describeBrowser } from './browser-harness.js';

const TEST_TIMEOUT = 60_000;

describeBrowser('web search', (env) => {
  it(
    'suggests as you type, opens results with highlights and facet counts, corrects typos and shows trending searches',
    async () => {
      const { ctx } = env().store;
      if (!ctx.lifecycle.started) await ctx.start({ http: true, worker: false, scheduler: false });
      await ctx.services.search.whenReady();
      const { apps } = await (await fetch(`${env().baseUrl}/api/v1/apps?sort=popular&limit=20`)).json();
      const target = (apps as Array<{ bundleId: string; name: string }>).find((a) => /^[A-Za-z]{6,}/.test(a.name)) ?? apps[0];
      const word = (target.name.match(/^[A-Za-z]+/) as RegExpMatchArray)[0];

      const page = await env().newPage();
      // Empty search page: trending searches once people have searched
      for (let i = 0; i < 3; i++) await fetch(`${env().baseUrl}/api/v1/search?q=${encodeURIComponent(word.toLowerCase())}`);
      await ctx.services.search.flushLog();
      await page.goto(`${env().baseUrl}/search`);
      await page.getByRole('heading', { name: 'Trending searches' }).waitFor();
      expect(await page.getByRole('link', { name: word.toLowerCase(), exact: true }).count()).toBe(1);
      expect(await accessibilityProblems(page)).toEqual([]);

      // Live suggestions from the index, keyboard to the app
      const box = page.getByRole('combobox', { name: 'Search the store' });
      await box.fill(target.name.slice(0, 4));
      const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
      await options.first().waitFor();
      expect(await options.count()).toBeGreaterThan(0);
      await box.press('ArrowDown');
      expect(await options.first().getAttribute('aria-selected')).toBe('true');
      await box.press('Escape');

      // Results page: the app first, the word highlighted, facets with counts, no degraded notice
      await box.fill(target.name);
      await box.press('Enter');
      await page.getByRole('heading', { level: 1, name: /Results for/ }).waitFor();
      await page.locator('.result-list .result__name').first().waitFor();
      expect(await page.locator('.result-list .result__name').first().textContent()).toBe(target.name);
      expect((await page.locator('.result-list mark').first().textContent())?.toLowerCase()).toBe(word.toLowerCase());
      expect(await page.getByText('basic mode').count()).toBe(0);
      await page.locator('.facets .facet').first().waitFor();

      // A typo: results still come, and a did-you-mean link
      const typo = `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`.toLowerCase();
      await page.goto(`${env().baseUrl}/search?q=${encodeURIComponent(typo)}`);
      await page.getByText('Did you mean').waitFor();
      await page.locator('.did-you-mean a').click();
      await page.waitForURL(new RegExp(`q=${word.toLowerCase()}`, 'i'));

      // Filters narrow the results through the URL
      await page.getByRole('radio', { name: 'Paid' }).click();
      await page.waitForURL(/price=paid/);
      expect(env().pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
