/** The developer console in a real browser: from a new account to a published app. */
import { expect, it } from 'vitest';
import { describeBrowser, signUpThroughForm } from './browser-harness.js';

describeBrowser('developer console', (env) => {
  it('takes a new developer from sign-up to a published app page', async () => {
    const page = await env().newPage();
    const base = env().baseUrl;
    await signUpThroughForm(page, base, 'Dana Dev');

    // Become a developer on the account page.
    await page.goto(`${base}/account`);
    await page.getByLabel('Developer or studio name').fill('Dana Labs');
    await page.getByRole('button', { name: 'Become a developer' }).click();
    await page.getByText('You publish as').waitFor();

    // Create an app in the console.
    await page.getByRole('link', { name: 'Open the developer console' }).click();
    await page.getByRole('heading', { name: 'My apps' }).waitFor();
    await page.getByText('No apps yet').waitFor();
    await page.getByRole('link', { name: 'Create your first app' }).click();
    const bundleId = `com.danalabs.trail${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'Create draft' }).click();
    // Client-side checks run first.
    await page.getByText('Enter a bundle ID.').waitFor();
    await page.getByText('Choose a category.').waitFor();
    await page.getByLabel('Bundle ID').fill(bundleId);
    await page.getByLabel('Name', { exact: true }).fill('Trail Journal');
    await page.getByLabel('Subtitle').fill('Log every hike');
    await page.getByLabel('Category').selectOption('Travel');
    await page.getByLabel('Description').fill('Keep a journal of your hikes with maps and photos.');
    const keywords = page.getByLabel('Keywords', { exact: true });
    await keywords.fill('hiking');
    await keywords.press('Enter');
    await keywords.fill('trails');
    await keywords.press('Enter');
    await page.getByRole('button', { name: 'Remove hiking' }).waitFor();
    await page.getByLabel('Base price').fill('2.49');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(`**/console/apps/${bundleId}`);
    await page.getByRole('heading', { level: 1, name: /Trail Journal/ }).waitFor();

    // It is listed in My apps as a draft.
    await page.getByRole('link', { name: 'My apps' }).click();
    const row = page.locator('.console-row', { hasText: bundleId });
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('Draft');

    // A duplicate bundle ID is refused with a clear message.
    await page.goto(`${base}/console/apps/new`);
    await page.getByLabel('Bundle ID').fill(bundleId);
    await page.getByLabel('Name', { exact: true }).fill('Copy');
    await page.getByLabel('Category').selectOption('Travel');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByText('This bundle ID is already taken.').first().waitFor();

    // Edit a field, then publish.
    await page.goto(`${base}/console`);
    await row.click();
    const subtitle = page.getByLabel('Subtitle');
    await subtitle.fill('Log every hike and summit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await page.getByLabel('Japan JPY').fill('380');
    await page.getByRole('button', { name: 'Save prices' }).click();
    await page.getByText('Prices saved.').waitFor();
    // Icon and screenshots go up as raw image bodies and come back as media URLs.
    await page.getByLabel('Upload icon').setInputFiles({ name: 'icon.svg', mimeType: 'image/svg+xml', buffer: svg('#0a84ff') });
    await page.getByRole('img', { name: 'Trail Journal icon' }).waitFor();
    await page.getByLabel('Add screenshot').setInputFiles({ name: 'shot.svg', mimeType: 'image/svg+xml', buffer: svg('#34c759') });
    await page.getByRole('img', { name: 'Screenshot 1' }).waitFor();
    await page.getByLabel('Add screenshot').setInputFiles({ name: 'shot2.svg', mimeType: 'image/svg+xml', buffer: svg('#ff9f0a') });
    await page.getByRole('img', { name: 'Screenshot 2' }).waitFor();
    await page.getByRole('button', { name: 'Delete screenshot 1' }).click();
    await page.getByText('Screenshot deleted.').waitFor();
    expect(await page.locator('.shot-editor img').count()).toBe(1);
    // A file that is not the image it claims to be is refused with a clear message.
    await page
      .getByLabel('Add screenshot')
      .setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('definitely not a png file') });
    await page.getByText('Images must be PNG, JPEG, WebP or SVG.').waitFor();

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Trail Journal is live in the store.').waitFor();
    await page.locator('.edit-head .badge', { hasText: 'Live' }).waitFor();

    // The public app page shows the listing.
    await page.getByRole('link', { name: 'View in store' }).click();
    await page.waitForURL(`**/apps/${bundleId}`);
    await page.getByRole('heading', { level: 1, name: 'Trail Journal' }).waitFor();
    await page.getByText('Log every hike and summit').waitFor();
    await page.getByRole('link', { name: 'hiking' }).waitFor();
    await page.getByRole('img', { name: 'Trail Journal screenshot 1 of 1' }).waitFor();
    expect(await page.locator('.buybox .btn').textContent()).toBe('Buy $2.49');
    await page.getByRole('link', { name: 'Dana Labs' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Dana Labs' }).waitFor();
    await page.locator('.app-tile', { hasText: 'Trail Journal' }).waitFor();
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('creates an API key, shows its secret once, and revokes it', async () => {
    const page = await env().newPage();
    const base = env().baseUrl;
    await signUpThroughForm(page, base, 'Kai Keys');
    await page.goto(`${base}/account`);
    await page.getByRole('button', { name: 'Become a developer' }).click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    await page.getByLabel('Key name').fill('CI server');
    await page.getByRole('checkbox', { name: 'apps:write' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.locator('.secret__value').textContent();
    expect(secret).toMatch(/^ok_/);
    const key = page.locator('.key-row', { hasText: 'CI server' });
    await key.waitFor();
    expect(await key.textContent()).toContain('apps:read, apps:write');
    await key.getByRole('button', { name: 'Revoke key CI server' }).click();
    await key.getByRole('button', { name: 'Revoke now' }).click();
    await key.getByText('Revoked').waitFor();
    // After a reload the secret is gone for good.
    await page.reload();
    await page.locator('.key-row', { hasText: 'CI server' }).waitFor();
    expect(await page.locator('.secret__value').count()).toBe(0);
    await page.close();
  }, 60_000);
});

const svg = (fill: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512" rx="96" fill="${fill}"/></svg>`,
  );
