/**
 * The developer console's release pages in a real browser against a real server: a developer
 * uploads builds (a refused package and a good one, with progress), creates a phased version,
 * submits it (first failing the automated checks), a moderator approves it in the moderation
 * console, and the developer pauses, resumes and halts the rollout; a second version is rejected
 * with reasons the developer then reads.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { makePackage, PNG } from '../../src/modules/releases/releases.fixtures.js';
import { createLiveApp, signUpDeveloper, type TestStore, uniqueEmail } from '../../src/testing/harness.js';
import { accessibilityProblems, describeBrowser } from './browser-harness.js';

const PASSWORD = 'correct horse battery';

async function signIn(page: Page, base: string, email: string, password = PASSWORD) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

/** Uploads a build, creates a manual-release version with it and submits it, through the API; returns the version id. */
async function submitThroughApi(
  store: TestStore,
  headers: Record<string, string>,
  bundleId: string,
  b: { version: string; buildNumber: number; permissions: string[] },
): Promise<string> {
  const pkg = await makePackage({ bundleId, version: b.version });
  const up = await store.app.inject({
    method: 'POST',
    url: `/api/v1/apps/${bundleId}/build-uploads`,
    headers,
    payload: { ...b, platforms: ['phone'], releaseNotes: `What is new in ${b.version}`, sizeBytes: pkg.length },
  });
  expect(up.statusCode).toBe(201);
  const put = await store.app.inject({
    method: 'PUT',
    url: `/api/v1/build-uploads/${up.json().upload.id}`,
    headers: { ...headers, 'content-type': 'application/zip' },
    payload: pkg,
  });
  expect(put.statusCode).toBe(201);
  const created = await store.app.inject({
    method: 'POST',
    url: `/api/v1/apps/${bundleId}/versions`,
    headers,
    payload: { version: b.version, buildNumber: b.buildNumber, releaseMode: 'manual' },
  });
  expect(created.statusCode).toBe(201);
  const submitted = await store.app.inject({ method: 'POST', url: `/api/v1/apps/${bundleId}/versions/${b.version}/submit`, headers });
  expect(submitted.statusCode).toBe(200);
  return created.json().version.id as string;
}

describeBrowser('developer console: builds, versions and phased releases', (env) => {
  it('uploads a build, submits a version, gets it approved and steers the phased rollout', async () => {
    const { store, baseUrl: base } = env();
    const dev = await signUpDeveloper(store.app, 'Pine Labs');
    const app = await createLiveApp(store.app, dev, { name: 'Pine Notes', description: 'Notes that grow with your ideas.' });
    const icon = await store.app.inject({
      method: 'PUT',
      url: `/api/v1/apps/${app.bundleId}/icon`,
      headers: { ...dev.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(icon.statusCode).toBe(200);

    const page = await env().newPage();
    await signIn(page, base, dev.email);
    await page.goto(`${base}/console/apps/${app.bundleId}`);
    await page.getByRole('link', { name: 'Builds & versions' }).click();
    await page.waitForURL(`**/console/apps/${app.bundleId}/releases`);
    await page.getByRole('heading', { level: 1, name: /Builds & versions: Pine Notes/ }).waitFor();
    await page.getByText('No builds yet.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // Client-side checks first.
    await page.getByRole('button', { name: 'Upload build' }).click();
    await page.getByText('Choose the build’s .zip package.').waitFor();
    await page.getByText('Use a semantic version like 1.2.0.').first().waitFor();

    // A file that is not a ZIP is refused by the server with its reason, and listed as refused.
    await page
      .getByLabel('Package file')
      .setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
    await page.getByLabel('Version', { exact: true }).fill('1.0.0');
    await page.getByRole('button', { name: 'Upload build' }).click();
    const refused = page.locator('.build-row--refused', { hasText: 'broken.zip' });
    await refused.waitFor();
    expect((await refused.textContent())?.length).toBeGreaterThan('Refusedbroken.zip'.length);

    // A good package (≈10 MB, so it goes up in two chunks) uploads with progress and is listed as verified.
    const big = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
    const pkg = await makePackage({
      bundleId: app.bundleId,
      version: '1.0.0',
      files: [{ name: 'bin/app', data: big, compress: false }],
    });
    await page.getByLabel('Package file').setInputFiles({ name: 'pine-1.0.0.zip', mimeType: 'application/zip', buffer: pkg });
    await page.getByRole('textbox', { name: 'Permissions' }).fill('camera');
    await page.getByRole('textbox', { name: 'Permissions' }).press('Enter');
    await page.getByRole('button', { name: 'Upload build' }).click();
    await page.getByText('Build 1.0.0 (1) uploaded and verified.').waitFor({ timeout: 30_000 });
    const buildRow = page.locator('.data-table tbody tr', { hasText: '1.0.0' });
    await buildRow.waitFor();
    expect(await buildRow.textContent()).toContain('Verified');
    expect(await buildRow.textContent()).toContain('camera');

    // A version with the build, released in phases; the first submit fails the checks (no screenshot).
    await page.getByLabel('Version number').fill('1.0.0');
    await page.getByLabel('Build', { exact: true }).selectOption('1');
    await page.getByLabel('Release', { exact: true }).selectOption('phased');
    await page.getByLabel('What’s new').fill('First release.');
    await page.getByRole('button', { name: 'Create version' }).click();
    await page.getByText('Version 1.0.0 created.').waitFor();
    const card = page.locator('.version', { hasText: 'Version 1.0.0' });
    await card.locator('.badge', { hasText: 'Preparing' }).waitFor();
    await card.getByRole('button', { name: 'Submit for review' }).click();
    await card.getByText('Add at least one screenshot').waitFor();

    const shot = await store.app.inject({
      method: 'POST',
      url: `/api/v1/apps/${app.bundleId}/screenshots`,
      headers: { ...dev.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(shot.statusCode).toBeLessThan(300);
    await card.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Version 1.0.0 submitted for review.').waitFor();
    await card.locator('.badge', { hasText: 'Waiting for review' }).waitFor();
    await card.getByText('Automated checks: passed').waitFor();
    await card.getByRole('button', { name: 'Withdraw from review' }).waitFor();
    expect(await card.getByRole('button', { name: 'Submit for review' }).count()).toBe(0);

    // A moderator approves it in the moderation console.
    const modEmail = uniqueEmail('mod');
    await store.ctx.services.accounts.createUser(store.ctx.db, {
      email: modEmail,
      password: PASSWORD,
      displayName: 'Morgan Mod',
      role: 'moderator',
    });
    const mod = await env().newPage();
    await signIn(mod, base, modEmail);
    await mod.getByRole('link', { name: 'Moderation' }).first().click();
    await mod.getByRole('link', { name: 'App submissions' }).click();
    const row = mod.locator('.submission-row', { hasText: 'Pine Notes 1.0.0' });
    await row.waitFor();
    await row.click();
    await mod.getByRole('heading', { level: 1, name: /Pine Notes 1\.0\.0/ }).waitFor();
    await mod.getByText('A build is attached').waitFor();
    expect(await accessibilityProblems(mod)).toEqual([]);
    await mod.getByRole('button', { name: 'Start review' }).click();
    await mod.getByText('Review started.').waitFor();
    await mod.getByRole('button', { name: 'Approve…' }).click();
    await mod.getByText('It starts a 7-day phased release right away.').waitFor();
    await mod.getByRole('button', { name: 'Confirm approval' }).click();
    await mod.getByText('Pine Notes 1.0.0 approved.').waitFor();
    await mod.locator('.edit-head .badge', { hasText: 'On sale' }).waitFor();
    await mod.getByText('Approved and released').waitFor();
    await mod.close();

    // The developer sees it on sale, rolling out to 1% on day 1, and steers the rollout.
    await signIn(page, base, dev.email);
    await page.goto(`${base}/console/apps/${app.bundleId}/releases`);
    const live = page.locator('.version', { hasText: 'Version 1.0.0' });
    await live.locator('.badge', { hasText: 'On sale' }).waitFor();
    const rollout = live.locator('.rollout');
    await rollout.getByText('Rolling out').waitFor();
    expect(await rollout.locator('.rollout__pct').textContent()).toBe('1% of users');
    expect(await rollout.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    expect(await accessibilityProblems(page)).toEqual([]);
    await rollout.getByRole('button', { name: 'Pause rollout' }).click();
    await page.getByText('Rollout paused.').waitFor();
    await rollout.locator('.badge', { hasText: 'Paused' }).waitFor();
    await rollout.getByText(/days of pause left/).waitFor();
    await rollout.getByRole('button', { name: 'Resume rollout' }).click();
    await page.getByText('Rollout resumed.').waitFor();
    await rollout.locator('.badge', { hasText: 'Rolling out' }).waitFor();
    await rollout.getByRole('button', { name: 'Halt rollout' }).click();
    await page.getByText('Rollout halted.').waitFor();
    await rollout.locator('.badge', { hasText: 'Halted' }).waitFor();
    expect(await rollout.getByRole('button', { name: 'Resume rollout' }).count()).toBe(0);
    // Every console page of the app fits a 360px phone without scrolling sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    for (const path of ['releases', 'products', 'reviews', '']) {
      await page.goto(`${base}/console/apps/${app.bundleId}/${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('.page-loading').waitFor({ state: 'detached' });
      expect(await accessibilityProblems(page), path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(0);
    }
    for (const path of ['/console/reviews', '/console/revenue']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await accessibilityProblems(page), path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/console/apps/${app.bundleId}/releases`);
    await live.getByText(/Status history/).click();
    await live.getByRole('list', { name: 'Status history of 1.0.0' }).getByText('Approved and released').waitFor();
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 150_000);

  it('flags new permissions to the reviewer and shows the rejection reasons to the developer', async () => {
    const { store, baseUrl: base } = env();
    const dev = await signUpDeveloper(store.app, 'Fern Works');
    const app = await createLiveApp(store.app, dev, { name: 'Fern Timer', description: 'A calm timer for focused work.' });
    for (const [method, url] of [
      ['PUT', 'icon'],
      ['POST', 'screenshots'],
    ] as const) {
      const r = await store.app.inject({
        method,
        url: `/api/v1/apps/${app.bundleId}/${url}`,
        headers: { ...dev.headers, 'content-type': 'image/png' },
        payload: PNG,
      });
      expect(r.statusCode).toBeLessThan(300);
    }
    const modEmail = uniqueEmail('mod');
    const reviewer = await store.ctx.services.accounts.createUser(store.ctx.db, {
      email: modEmail,
      password: PASSWORD,
      displayName: 'Rae Reviewer',
      role: 'admin',
    });
    // 1.0.0 goes on sale without permissions, all through the API.
    const first = await submitThroughApi(store, dev.headers, app.bundleId, { version: '1.0.0', buildNumber: 1, permissions: [] });
    const { review } = store.ctx.services.releases;
    const who = { userId: reviewer.id, developerId: null };
    await review.start(store.ctx.db, who, first);
    expect((await review.approve(store.ctx.db, who, first)).state).toBe('PENDING_DEVELOPER_RELEASE');
    const released = await store.app.inject({
      method: 'POST',
      url: `/api/v1/apps/${app.bundleId}/versions/1.0.0/release`,
      headers: dev.headers,
      payload: {},
    });
    expect(released.json().version.state).toBe('READY_FOR_SALE');
    // 2.0.0 asks for the camera and location: flagged for the reviewer, rejected in the browser.
    const second = await submitThroughApi(store, dev.headers, app.bundleId, {
      version: '2.0.0',
      buildNumber: 7,
      permissions: ['camera', 'location'],
    });
    const mod = await env().newPage();
    await signIn(mod, base, modEmail);
    await mod.goto(`${base}/moderation/submissions`);
    const row = mod.locator('.submission-row', { hasText: 'Fern Timer 2.0.0' });
    await row.waitFor();
    expect(await row.textContent()).toContain('New permissions: camera, location');
    await row.click();
    await mod.getByText('New permissions since the last release:').waitFor();
    await mod.getByText('New permissions since 1.0.0: camera, location').waitFor();
    expect(mod.url()).toContain(second);
    await mod.getByRole('button', { name: 'Start review' }).click();
    await mod.getByRole('button', { name: 'Reject…' }).click();
    // No reason given: refused before any request.
    await mod.getByRole('button', { name: 'Confirm rejection' }).click();
    await mod.getByText('Give at least one reason the developer can act on.').waitFor();
    await mod.getByLabel('Guideline of reason 1').selectOption('crash');
    await mod.getByLabel('Reason 1', { exact: true }).fill('The app crashes when the timer ends.');
    await mod.getByRole('button', { name: 'Add a reason' }).click();
    await mod.getByLabel('Reason 2', { exact: true }).fill('Screenshots show another app.');
    await mod.getByRole('button', { name: 'Confirm rejection' }).click();
    await mod.getByText('Fern Timer 2.0.0 rejected. The developer sees your reasons.').waitFor();
    await mod.locator('.edit-head .badge', { hasText: 'Rejected' }).waitFor();
    await mod.close();

    const page = await env().newPage();
    await signIn(page, base, dev.email);
    await page.goto(`${base}/console/apps/${app.bundleId}/releases`);
    const card = page.locator('.version', { hasText: 'Version 2.0.0' });
    await card.locator('.badge', { hasText: 'Rejected' }).waitFor();
    await card.getByText('The reviewer rejected this version.').waitFor();
    await card.getByText('The app crashes when the timer ends.').first().waitFor();
    await card.getByText('Screenshots show another app.').first().waitFor();
    // Editable again after a rejection, and can be resubmitted.
    await card.getByLabel('What’s new in 2.0.0').fill('Fixed the crash when the timer ends.');
    await card.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Version 2.0.0 saved.').waitFor();
    await card.getByRole('button', { name: 'Submit for review' }).click();
    await card.locator('.badge', { hasText: 'Waiting for review' }).waitFor();
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('resumes an interrupted upload where the server left off, after a reload', async () => {
    const { store, baseUrl: base } = env();
    const dev = await signUpDeveloper(store.app, 'Aspen Soft');
    const app = await createLiveApp(store.app, dev, { name: 'Aspen Maps', description: 'Maps for the trail.' });
    const data = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2246822519) >>> 0, i);
    const pkg = await makePackage({ bundleId: app.bundleId, version: '3.1.0', files: [{ name: 'bin/app', data, compress: false }] });
    // An earlier attempt from this browser sent the first 8 MiB, then the tab was closed.
    const meta = {
      version: '3.1.0',
      buildNumber: 1,
      platforms: ['phone'],
      minOs: {},
      permissions: [],
      releaseNotes: '',
      sizeBytes: pkg.length,
    };
    const up = await store.app.inject({
      method: 'POST',
      url: `/api/v1/apps/${app.bundleId}/build-uploads`,
      headers: dev.headers,
      payload: meta,
    });
    expect(up.statusCode).toBe(201);
    const uploadId = up.json().upload.id as string;
    const sent = 8 * 1024 * 1024;
    const chunk = await store.app.inject({
      method: 'PATCH',
      url: `/api/v1/build-uploads/${uploadId}`,
      headers: { ...dev.headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      payload: pkg.subarray(0, sent),
    });
    expect(chunk.json().upload.offset).toBe(sent);

    const page = await env().newPage();
    await signIn(page, base, dev.email);
    await page.goto(`${base}/console/apps/${app.bundleId}/releases`);
    await page.evaluate(
      ([key, id]) => localStorage.setItem(key as string, id as string),
      [`orchard.upload:${app.bundleId}:aspen.zip:${JSON.stringify(meta)}`, uploadId],
    );
    await page.reload();
    await page.getByLabel('Package file').setInputFiles({ name: 'aspen.zip', mimeType: 'application/zip', buffer: pkg });
    await page.getByLabel('Version', { exact: true }).fill('3.1.0');
    await page.getByRole('button', { name: 'Upload build' }).click();
    await page.getByText(/Resuming your earlier upload of aspen\.zip at 8\.4 MB/).waitFor();
    await page.getByText('Build 3.1.0 (1) uploaded and verified.').waitFor({ timeout: 30_000 });
    // One build, byte-identical to the package, from the resumed session.
    const builds = await store.app.inject({ method: 'GET', url: `/api/v1/apps/${app.bundleId}/builds`, headers: dev.headers });
    expect(builds.json().builds).toHaveLength(1);
    expect(builds.json().builds[0].sha256).toBe(createHash('sha256').update(pkg).digest('hex'));
    const session = await store.app.inject({ method: 'GET', url: `/api/v1/build-uploads/${uploadId}`, headers: dev.headers });
    expect(session.json().upload.status).toBe('complete');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('orchard.upload:')))).toEqual([]);
    expect(env().pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
