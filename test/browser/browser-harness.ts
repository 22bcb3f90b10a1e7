/**
 * Browser-test harness: a real store (SQLite, seeded, listening on a free port, serving the
 * built web app) and Debian's chromium driven by playwright-core. Suites run when chromium is
 * installed; with REQUIRE_BROWSER_TESTS=1 (CI) a missing chromium fails the run instead.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { seedStore } from '../../src/seed/seed.js';
import { testEnv } from '../../src/testing/env.js';
import { createTestStore, type DialectName, type TestStore } from '../../src/testing/harness.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserEnv {
  store: TestStore;
  baseUrl: string;
  browser: BrowserContext;
  /** A new tab with no session (cookies cleared), bounded timeouts and page errors collected. */
  newPage(opts?: { width?: number }): Promise<Page>;
  /** Uncaught errors thrown in pages so far. */
  pageErrors: string[];
}

/**
 * Declares a suite that gets a seeded store and a browser (shared by its tests). Skips when
 * chromium is missing, unless browser tests are required, in which case it fails.
 */
export function describeBrowser(name: string, fn: (env: () => BrowserEnv) => void, opts: { dialect?: DialectName; clock?: Clock } = {}) {
  if (!fs.existsSync(testEnv.chromium)) {
    if (testEnv.requireBrowser) {
      describe(name, () => {
        it('needs chromium', () => {
          throw new Error(`REQUIRE_BROWSER_TESTS=1 but chromium is missing at ${testEnv.chromium} (apt-get install chromium)`);
        });
      });
    } else {
      describe.skip(`${name} (no chromium at ${testEnv.chromium})`, () => fn(() => ({}) as BrowserEnv));
    }
    return;
  }
  describe(name, () => {
    let env: BrowserEnv | undefined;
    let userDataDir: string | undefined;
    beforeAll(async () => {
      // Build the web app when its sources changed since the last build (a no-op otherwise).
      execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs'), '--quiet'], {
        cwd: root,
        stdio: 'inherit',
        timeout: 180_000,
      });
      const store = await createTestStore(opts.dialect ?? testEnv.browserDialect, { web: true, clock: opts.clock });
      await seedStore(store.ctx, { apps: 200, users: 10 });
      await store.ctx.bus.drain();
      await store.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = store.app.server.address() as AddressInfo;
      userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-chromium-'));
      const browser = await chromium.launchPersistentContext(userDataDir, {
        executablePath: testEnv.chromium,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
        timeout: 30_000,
      });
      const pageErrors: string[] = [];
      env = {
        store,
        baseUrl: `http://127.0.0.1:${port}`,
        browser,
        pageErrors,
        async newPage(opts = {}) {
          await browser.clearCookies();
          const page = await browser.newPage();
          page.setDefaultTimeout(10_000);
          page.setDefaultNavigationTimeout(15_000);
          if (opts.width) await page.setViewportSize({ width: opts.width, height: 800 });
          page.on('pageerror', (err) => pageErrors.push(err.message));
          return page;
        },
      };
    }, 240_000);
    afterAll(async () => {
      await env?.browser.close().catch(() => {});
      await env?.store.close();
      if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    }, 30_000);
    fn(() => {
      if (!env) throw new Error('browser environment not ready');
      return env;
    });
  });
}

let counter = 0;
export const uniqueEmail = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${counter++}@example.test`;

/** Signs up through the form and waits until the header shows the signed-in user. */
export async function signUpThroughForm(page: Page, baseUrl: string, displayName: string, email = uniqueEmail('web')) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname !== '/signup');
  await page.getByRole('button', { name: displayName }).waitFor();
  return email;
}

/**
 * Every visible form control without an accessible name, and every image without an alt
 * attribute, on the current page (a smoke check, not a full audit).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return (
        style.visibility !== 'hidden' && style.display !== 'none' && (r.width > 0 || r.height > 0 || el.matches('.file-picker__input'))
      );
    };
    const text = (ids: string) =>
      ids
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim();
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (el.type === 'hidden' || !visible(el)) continue;
      const name =
        el.getAttribute('aria-label')?.trim() ||
        text(el.getAttribute('aria-labelledby') ?? '') ||
        [...(el.labels ?? [])]
          .map((l) => l.textContent ?? '')
          .join(' ')
          .trim() ||
        el.getAttribute('title')?.trim();
      if (!name) problems.push(`${el.tagName.toLowerCase()}[name=${el.getAttribute('name') ?? ''}][id=${el.id}] has no accessible name`);
    }
    for (const img of document.querySelectorAll('img')) {
      if (!img.hasAttribute('alt')) problems.push(`img ${img.getAttribute('src')} has no alt`);
    }
    for (const el of document.querySelectorAll('[role="img"]')) {
      if (!el.getAttribute('aria-label')?.trim()) problems.push(`role=img ${el.outerHTML.slice(0, 60)} has no label`);
    }
    if (document.querySelectorAll('main').length !== 1) problems.push('page should have exactly one <main>');
    if (document.querySelectorAll('h1').length !== 1)
      problems.push(`page should have one <h1>, has ${document.querySelectorAll('h1').length}`);
    return problems;
  });
}
