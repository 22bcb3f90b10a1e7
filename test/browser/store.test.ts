/** The web store in a real browser: sign-up, browsing to an app, search, purchase errors, accessibility. */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createLiveApp, signUpDeveloper } from '../../src/testing/harness.js';
import { accessibilityProblems, describeBrowser, signUpThroughForm } from './browser-harness.js';

const TEST_TIMEOUT = 60_000;

describeBrowser('web store', (env) => {
  it('serves the app shell for pages and keeps API errors as problem+json', async () => {
    const { app } = env().store;
    for (const url of ['/', '/category/games', '/apps/com.example.missing', '/console/apps/new']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
    }
    const api = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it(
    'signs up through the form and lands signed in',
    async () => {
      const page = await env().newPage();
      await page.goto(`${env().baseUrl}/signup`);
      // Client-side validation catches a short password before any request.
      await page.getByLabel('Display name').fill('Ada Shopper');
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('Enter an email address like name@example.com.').waitFor();
      await page.getByText('Use at least 8 characters.').waitFor();
      expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');

      const email = await signUpThroughForm(page, env().baseUrl, 'Ada Shopper');
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByRole('button', { name: 'Ada Shopper' }).click();
      await page.getByText(email).waitFor();

      // The same email again is rejected by the server with a clear message.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign up' }).waitFor();
      await page.goto(`${env().baseUrl}/signup`);
      await page.getByLabel('Display name').fill('Ada Again');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('An account with this email already exists.').first().waitFor();
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'browses home → a category → an app page with its price and rating histogram',
    async () => {
      const page = await env().newPage();
      await page.goto(env().baseUrl);
      await page.getByRole('heading', { name: 'Popular' }).waitFor();
      await page.getByRole('link', { name: /^Games\b/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Games' }).waitFor();
      expect(page.url()).toContain('/category/games');

      // Paid apps are easier to check for a formatted price.
      const { apps } = await (await page.request.get(`${env().baseUrl}/api/v1/categories/games/apps?limit=50`)).json();
      const rated = (apps as Array<{ name: string; bundleId: string; ratingCount: number }>).find((a) => a.ratingCount > 0);
      expect(rated).toBeDefined();
      await page.goto(`${env().baseUrl}/category/games`);
      await page.locator('a.app-tile').first().waitFor();
      await page
        .getByRole('link', { name: new RegExp(escapeRegExp(rated!.name)) })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: rated!.name }).waitFor();
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/apps/${rated!.bundleId}`);

      const buy = page.locator('.buybox .btn');
      expect(await buy.textContent()).toMatch(/^(Get|Buy \$\d+\.\d\d)$/);
      const histogram = page.getByRole('list', { name: 'Rating distribution' });
      await histogram.waitFor();
      expect(await histogram.getByRole('listitem').count()).toBe(5);
      expect(await histogram.getByRole('listitem').first().getAttribute('aria-label')).toMatch(/^5 stars: [\d,]+ ratings, \d+%$/);
      await page.getByRole('heading', { name: 'Reviews', exact: true }).waitFor();
      // The reviews API is not there yet: an empty state, not an error.
      await page.getByText('No reviews yet').waitFor();

      // Once the reviews API answers, its reviews (and developer responses) are listed.
      await page.route('**/api/v1/apps/*/reviews?**', (route) =>
        route.fulfill({
          json: {
            reviews: [
              {
                id: 'r1',
                rating: 4,
                title: 'Great on the train',
                body: 'Works offline <b>well</b>.',
                author: { displayName: 'Rosa' },
                createdAt: '2026-10-01T10:00:00Z',
                response: { body: 'Thanks, Rosa!', createdAt: '2026-10-02T10:00:00Z' },
              },
            ],
            total: 1,
          },
        }),
      );
      await page.reload();
      await page.getByRole('heading', { name: 'Great on the train' }).waitFor();
      // Review text is shown as written, never as markup.
      await page.getByText('Works offline <b>well</b>.').waitFor();
      await page.getByText('Thanks, Rosa!').waitFor();
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows prices of the chosen storefront in its currency (JPY and KRW have no decimals)',
    async () => {
      const { app } = env().store;
      const dev = await signUpDeveloper(app);
      const live = await createLiveApp(app, dev, { name: 'Yen Notes', priceMinor: 299 });
      const prices = await app.inject({
        method: 'PUT',
        url: `/api/v1/apps/${live.bundleId}/prices`,
        headers: dev.headers,
        payload: {
          prices: [
            { country: 'JP', priceMinor: 480 },
            { country: 'KR', priceMinor: 4400 },
          ],
        },
      });
      expect(prices.statusCode).toBe(200);
      const page = await env().newPage();
      await page.goto(`${env().baseUrl}/apps/${live.bundleId}`);
      await page.locator('.buybox .btn', { hasText: 'Buy $2.99' }).waitFor();
      await page.getByLabel('Storefront').selectOption('JP');
      await page.locator('.buybox .btn', { hasText: 'Buy ¥480' }).waitFor();
      await page.getByLabel('Storefront').selectOption('KR');
      await page.locator('.buybox .btn', { hasText: 'Buy ₩4,400' }).waitFor();
      // The choice is remembered in this browser; put it back for the other tests.
      await page.getByLabel('Storefront').selectOption('US');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'searches with keyboard suggestions, filters, highlighting and did-you-mean',
    async () => {
      const page = await env().newPage();
      // The real search API answers (this store's index is not started, so from the database).
      await page.goto(`${env().baseUrl}/search?q=notes`);
      await page.getByRole('heading', { level: 1, name: /Results for/ }).waitFor();

      const { apps } = await (await page.request.get(`${env().baseUrl}/api/v1/apps?sort=popular&limit=3`)).json();
      const [first, second] = apps as Array<{ bundleId: string; name: string; developer: string; category: string }>;
      await mockSearch(page, first!, second!);
      await page.goto(env().baseUrl);
      const box = page.getByRole('combobox', { name: 'Search the store' });
      await box.fill('no');
      const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
      await options.first().waitFor();
      expect(await options.count()).toBe(2);
      await box.press('ArrowDown');
      await box.press('ArrowDown');
      expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
      expect(await box.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
      await box.press('Escape');
      expect(await box.getAttribute('aria-expanded')).toBe('false');
      await box.press('ArrowDown');
      await box.press('Enter');
      // The first suggestion is an app: Enter opens its page.
      await page.getByRole('heading', { level: 1, name: first!.name }).waitFor();

      await box.fill('notse');
      await box.press('Enter');
      await page.getByRole('heading', { level: 1, name: /Results for/ }).waitFor();
      expect(await page.locator('.result-list mark').first().textContent()).toMatch(/notse/i);
      await page.getByText('Did you mean').waitFor();
      expect(
        await page
          .getByLabel('Category')
          .locator('option', { hasText: `${first!.category} (2)` })
          .count(),
      ).toBe(1);
      await page.getByLabel('Category').selectOption(first!.category);
      await page.waitForURL(/category=/);
      // A controlled radio: its checked state follows the URL, so click and wait for the URL.
      await page.getByRole('radio', { name: 'Free' }).click();
      await page.waitForURL(/price=free/);
      await page.getByRole('link', { name: 'notes' }).click();
      await page.waitForURL(/q=notes/);
      await page.getByText('No results for “notes”').waitFor();
      await page.getByRole('button', { name: 'Clear filters' }).waitFor();
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'opens the purchase sheet and explains problems in plain words',
    async () => {
      const page = await env().newPage();
      const { apps } = await (await page.request.get(`${env().baseUrl}/api/v1/apps?sort=popular&limit=50`)).json();
      const paid = (apps as Array<{ bundleId: string; priceMinor: number; name: string }>).find((a) => a.priceMinor > 0)!;
      // Signed out, the button leads to sign-in and back.
      await page.goto(`${env().baseUrl}/apps/${paid.bundleId}`);
      await page.locator('.buybox a.btn').click();
      await page.waitForURL(/\/signin\?next=/);
      await page.locator('.auth-card').getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel('Display name').fill('Buyer');
      await page.getByLabel('Email').fill(`buyer-${Date.now()}@example.test`);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { level: 1, name: paid.name }).waitFor();

      // The real purchases API with the sandbox's declining card: a plain-words 402, nothing charged.
      await page.locator('.buybox button').click();
      const sheet = page.getByRole('dialog', { name: 'Confirm purchase' });
      await sheet.waitFor();
      await sheet.getByLabel('Pay with').selectOption('tok_decline');
      const declined = page.waitForResponse((r) => r.url().endsWith('/api/v1/purchases'));
      await sheet.getByRole('button', { name: /^Buy for/ }).click();
      expect((await declined).status()).toBe(402);
      await sheet.getByText('Your payment was declined').waitFor();

      // Declined (402) and already owned (409), as the commerce API will answer.
      const keys: string[] = [];
      let answer = { status: 402, code: 'payment_declined' };
      await page.route('**/api/v1/purchases', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        await route.fulfill({
          status: answer.status,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'x', status: answer.status, code: answer.code }),
        });
      });
      await sheet.getByRole('button', { name: /^Buy for/ }).click();
      await sheet.getByText('Your payment was declined').waitFor();
      answer = { status: 409, code: 'already_owned' };
      await sheet.getByRole('button', { name: /^Buy for/ }).click();
      await sheet.getByText('You already own this app.').waitFor();
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      // A declined attempt is final, so the next attempt carries a new key.
      expect(keys[1]).not.toBe(keys[0]);
      await sheet.getByRole('button', { name: 'Done' }).click();
      await page.locator('.buybox__owned').waitFor();
      // On a fresh visit, ownership comes from the library.
      await page.route('**/api/v1/me/library', (route) =>
        route.fulfill({
          json: { apps: [{ app: { bundleId: paid.bundleId }, source: 'purchase', acquiredAt: '2026-11-01T00:00:00Z', products: [] }] },
        }),
      );
      await page.reload();
      await page.locator('.buybox__owned').waitFor();
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'passes an accessibility smoke check on every page type, down to 360px wide',
    async () => {
      const page = await env().newPage({ width: 360 });
      const { apps } = await (await page.request.get(`${env().baseUrl}/api/v1/apps?limit=1`)).json();
      const dev = await (await page.request.get(`${env().baseUrl}/api/v1/apps/${apps[0].bundleId}`)).json();
      const check = async (path: string, ready: () => Promise<unknown>) => {
        await page.goto(`${env().baseUrl}${path}`);
        await ready();
        expect(await accessibilityProblems(page), path).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(0);
      };
      await check('/', () => page.locator('a.app-tile').first().waitFor());
      await check('/categories', () => page.locator('.category-card').first().waitFor());
      await check('/category/weather?sort=new', () => page.locator('a.app-tile').first().waitFor());
      await check(`/apps/${apps[0].bundleId}`, () => page.getByRole('list', { name: 'Rating distribution' }).waitFor());
      await check(`/developers/${dev.developerSlug}`, () => page.locator('a.app-tile').first().waitFor());
      await check('/search?q=maps', () => page.getByRole('heading', { level: 1, name: /Results for/ }).waitFor());
      await check('/signin', () => page.getByLabel('Password').waitFor());
      await check('/signup', () => page.getByLabel('Country or region').waitFor());
      await check('/nowhere', () => page.getByText('We couldn’t find that page').waitFor());
      await signUpThroughForm(page, env().baseUrl, 'Ally');
      await check('/account', () => page.getByLabel('Developer or studio name').waitFor());
      await page.getByRole('button', { name: 'Become a developer' }).click();
      await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await check('/console/apps/new', () => page.getByLabel('Bundle ID').waitFor());
      expect(env().pageErrors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Stands in for the search API (built elsewhere): the CONTRACT shape plus facets and did-you-mean as that module sends them. */
async function mockSearch(page: Page, a: { bundleId: string; name: string; developer: string; category: string }, b: { name: string }) {
  await page.route('**/api/v1/search/suggest?**', (route) =>
    route.fulfill({ json: { suggestions: [{ text: a.name, bundleId: a.bundleId }, { text: `${b.name} notes` }] } }),
  );
  await page.route(/\/api\/v1\/search\?/, (route) => {
    const url = new URL(route.request().url());
    const q = url.searchParams.get('q') ?? '';
    const filtered = url.searchParams.has('category') || url.searchParams.has('price');
    const results =
      q === 'notse'
        ? [
            { ...a, name: `${a.name} Notse`, priceMinor: 0, currency: 'USD', ratingAverage: 4.5, ratingCount: 10, score: 1 },
            {
              ...a,
              bundleId: `${a.bundleId}.x`,
              name: 'Notse Pad',
              priceMinor: 199,
              currency: 'USD',
              ratingAverage: 4,
              ratingCount: 3,
              score: 0.5,
            },
          ]
        : [];
    return route.fulfill({
      json: {
        results: filtered && q === 'notes' ? [] : results,
        total: results.length,
        tookMs: 1.2,
        degraded: false,
        facets: [{ category: a.category, slug: 'x', count: results.length }],
        didYouMean: q === 'notse' ? 'notes' : null,
      },
    });
  });
}
