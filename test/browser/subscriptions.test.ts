/** Subscriptions in a real browser: a shopper manages a plan; a developer sees it in the console. */
import { expect, it } from 'vitest';
import { subscriptionApp } from '../../src/modules/subscriptions/test-helpers.js';
import { accessibilityProblems, describeBrowser, signUpThroughForm } from './browser-harness.js';

describeBrowser('subscriptions', (env) => {
  it('a shopper sees, cancels, resumes and changes a plan; the developer sees plans, subscribers and a refused webhook URL', async () => {
    const { store, baseUrl: base } = env();
    const { app, dev } = await subscriptionApp(store);

    const page = await env().newPage();
    await signUpThroughForm(page, base, 'Sam Subscriber');
    const status = await page.evaluate(async (bundleId) => {
      const r = await fetch('/api/v1/purchases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `browser-${crypto.randomUUID()}` },
        body: JSON.stringify({ bundleId, productId: 'pro.monthly', country: 'US', paymentToken: 'tok_ok' }),
      });
      return r.status;
    }, app.bundleId);
    expect(status).toBe(201);

    await page.goto(`${base}/account/subscriptions`);
    await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
    await page.getByText(/Active · \$10\.00 per month/).waitFor();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByText('Auto-renew is off').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Cancel subscription' }).waitFor();
    await page.getByRole('button', { name: 'Change plan' }).click();
    const yearly = page.locator('.plan-list__item', { hasText: 'Basic yearly' });
    await yearly.getByRole('button', { name: 'Switch' }).click();
    await page.getByText('(basic.yearly)').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // the developer's console page (session cookie from the API token)
    const devPage = await env().newPage();
    await env().browser.addCookies([{ name: 'orchard_session', value: dev.token, url: base }]);
    await devPage.goto(`${base}/console/apps/${app.bundleId}/subscriptions`);
    await devPage.getByRole('heading', { name: `Subscriptions · ${app.bundleId}` }).waitFor();
    await devPage.getByRole('cell', { name: 'pro.monthly' }).first().waitFor();
    await devPage.getByText('active subscriptions').waitFor();
    expect(await devPage.locator('.table tbody tr', { hasText: 'active' }).count()).toBeGreaterThan(0);
    await devPage.getByLabel('Webhook URL (https)').fill('https://169.254.169.254/latest/meta-data');
    await devPage.getByRole('button', { name: 'Save' }).click();
    await devPage.getByText(/non-public address/).waitFor();
    expect(await accessibilityProblems(devPage)).toEqual([]);
    expect(env().pageErrors).toEqual([]);
  });
});
