/**
 * The developer console's money pages in a real browser against a real server: in-app products
 * priced by tier and then per storefront, and the revenue of a real purchase (the 70/30 split
 * from the ledger) with the month's payout and its statement. The store's clock starts 40 days
 * back so the purchase falls in a month that has closed when the payout runs.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DAY_MS } from '../../src/platform/clock.js';
import { createLiveApp, signUp, signUpDeveloper } from '../../src/testing/harness.js';
import { accessibilityProblems, describeBrowser } from './browser-harness.js';

const PASSWORD = 'correct horse battery';
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const usd = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

describeBrowser(
  'developer console: in-app products, revenue and payouts',
  (env) => {
    it('prices an in-app product by tier and per storefront', async () => {
      const { store, baseUrl: base } = env();
      const dev = await signUpDeveloper(store.app, 'Cedar Games');
      const app = await createLiveApp(store.app, dev, { name: 'Cedar Quest', description: 'A forest adventure.' });
      const page = await env().newPage();
      await signIn(page, base, dev.email);
      await page.goto(`${base}/console/apps/${app.bundleId}`);
      // The app itself priced from a tier in every storefront, then still editable per storefront.
      await page.getByLabel('Set every storefront from a price tier').selectOption('5');
      await page.getByRole('button', { name: 'Apply tier' }).click();
      await page.getByText('Prices set from the tier.').waitFor();
      expect(await page.getByLabel('United States USD').inputValue()).toBe('4.99');
      expect(await page.getByLabel('Japan JPY').inputValue()).toMatch(/^\d+$/);
      const detail = await store.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}`, headers: dev.headers });
      expect(detail.json().prices.find((p: { country: string }) => p.country === 'US')).toMatchObject({ priceMinor: 499 });
      await page.getByRole('link', { name: 'In-app products' }).click();
      await page.getByText('No in-app products yet').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByRole('button', { name: 'New product' }).click();
      await page.getByRole('button', { name: 'Create product' }).click();
      await page.getByText('Give the product a name.').waitFor();
      await page.getByLabel('Product ID').fill('coins 100');
      await page.getByLabel('Product name').fill('100 coins');
      await page.getByRole('button', { name: 'Create product' }).click();
      await page.getByText('Use letters, digits, dots, dashes and underscores, like coins.100.').waitFor();
      await page.getByLabel('Product ID').fill('coins.100');
      await page.getByLabel('Type').selectOption('consumable');
      await page.getByLabel('Price tier', { exact: true }).selectOption('3');
      await page.getByText(/For example GB £/).waitFor();
      await page.getByRole('button', { name: 'Create product' }).click();
      await page.getByText('100 coins created.').waitFor();
      const card = page.getByRole('article', { name: 'Product 100 coins' });
      await card.getByText('$2.99').first().waitFor();
      expect(await card.textContent()).toMatch(/Sold in \d{2,} storefronts/);

      // The same product id again is refused with the server's message.
      await page.getByRole('button', { name: 'New product' }).click();
      await page.getByLabel('Product ID').fill('coins.100');
      await page.getByLabel('Product name').fill('Copy');
      await page.getByRole('button', { name: 'Create product' }).click();
      await page.locator('.product-form .notice--error').waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();

      // Own prices in two storefronts only; a bad amount is caught first.
      await card.getByRole('button', { name: 'Edit 100 coins' }).click();
      // Saved tier prices open as that tier; own prices start from it and can be cleared.
      expect(await card.getByLabel('Price tier', { exact: true }).inputValue()).toBe('3');
      await card.getByText('My own price per storefront').click();
      expect(await card.getByLabel('Japan JPY').inputValue()).not.toBe('');
      await card.getByRole('button', { name: 'Clear all storefronts' }).click();
      await card.getByLabel('United States USD').fill('1.499');
      await card.getByRole('button', { name: 'Save product' }).click();
      await card.getByText('Check the amounts for US.').waitFor();
      await card.getByLabel('United States USD').fill('1.49');
      await card.getByLabel('Japan JPY').fill('200');
      await card.getByRole('button', { name: 'Save product' }).click();
      await page.getByText('100 coins saved.').waitFor();
      await card.getByText(/Sold in 2 storefronts:/).waitFor();
      const sold = await card.getByText(/Sold in 2 storefronts:/).textContent();
      expect(sold).toContain('US $1.49');
      expect(sold).toContain('JP ¥200');
      const api = await store.app.inject({
        method: 'GET',
        url: `/api/v1/developers/me/apps/${app.bundleId}/products`,
        headers: dev.headers,
      });
      expect(api.json().products[0].prices).toEqual(
        expect.arrayContaining([
          { country: 'US', priceMinor: 149, currency: 'USD' },
          { country: 'JP', priceMinor: 200, currency: 'JPY' },
        ]),
      );
      await card.getByRole('button', { name: 'Stop selling' }).click();
      await card.getByText('Not sold').waitFor();
      expect(env().pageErrors).toEqual([]);
      await page.close();
    }, 90_000);

    it('shows a sale split 70/30 from the ledger, and the month’s payout with its statement', async () => {
      const { store, baseUrl: base } = env();
      const dev = await signUpDeveloper(store.app, 'Birch Apps');
      const app = await createLiveApp(store.app, dev, { name: 'Birch Budget', description: 'Budgets made simple.', priceMinor: 299 });
      const shopper = await signUp(store.app);
      clock.offsetMs = -40 * DAY_MS;
      const bought = await store.app.inject({
        method: 'POST',
        url: '/api/v1/purchases',
        headers: { ...shopper.headers, 'idempotency-key': `browser-money-${Date.now()}` },
        payload: { bundleId: app.bundleId, country: 'US', paymentToken: 'tok_ok' },
      });
      expect(bought.statusCode).toBe(201);
      await store.ctx.bus.drain();
      const saleDay = clock.now().toISOString().slice(0, 10);
      const period = saleDay.slice(0, 7);
      clock.offsetMs = 0;
      const created = await store.ctx.services.commerce.payouts.run(period, dev.developer.id);
      expect(created).toHaveLength(1);

      const rev = await store.app.inject({ method: 'GET', url: `/api/v1/developers/me/revenue?from=${saleDay}`, headers: dev.headers });
      const totals = rev.json().totals[0] as { grossMinor: number; commissionMinor: number; netMinor: number };
      expect(totals.grossMinor).toBe(299);
      expect(totals.commissionMinor + totals.netMinor).toBe(299);

      const page = await env().newPage();
      await signIn(page, base, dev.email);
      await page.getByRole('link', { name: 'Console' }).click();
      await page.getByRole('link', { name: 'Revenue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Revenue and payouts' }).waitFor();
      await page.getByText('You keep 70% of each sale; the store’s commission is 30%').waitFor();
      // The default range is the last 30 days: the sale 40 days ago is not in it.
      await page.getByText('No sales in this period.').waitFor();
      await page.getByLabel('From').fill(saleDay);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/from=/);
      const row = page.locator('.data-table tbody tr', { hasText: 'USD' }).first();
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      // The chart of sales over time, summarised for screen readers.
      await page.getByRole('img', { name: `Sales per day in USD: ${usd(299)} in total, ${usd(totals.netMinor)} your share.` }).waitFor();
      await page.locator('.revenue-chart canvas').first().waitFor();
      expect(cells).toEqual(['1', '0', usd(299), usd(totals.commissionMinor), usd(totals.netMinor)]);

      const payout = page.locator('.payout', { hasText: period });
      await payout.waitFor();
      expect(await payout.textContent()).toContain(usd(totals.netMinor));
      expect(await payout.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe(
        `/api/v1/developers/me/payouts/${created[0]?.id}/statement.csv`,
      );
      await payout.getByRole('button', { name: 'Statement' }).click();
      const statement = payout.locator('table');
      await statement.waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await statement.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
      expect(await statement.locator('tfoot').textContent()).toContain(usd(totals.netMinor));
      expect(env().pageErrors).toEqual([]);
      await page.close();
    }, 90_000);
  },
  { clock },
);
