/**
 * Test-only environment switches (the application itself reads the environment only in
 * config.ts). TEST_DATABASE_URL adds PostgreSQL to every dialect-parameterised suite; CI sets
 * it, so a missing database fails the run instead of skipping.
 */
export const testEnv = {
  postgresUrl: process.env.TEST_DATABASE_URL || undefined,
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  requireBrowser: process.env.REQUIRE_BROWSER_TESTS === '1',
};
