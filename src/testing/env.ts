/**
 * Test-only environment switches (the application itself reads the environment only in
 * config.ts). TEST_DATABASE_URL adds PostgreSQL to every dialect-parameterised suite; CI sets
 * it, so a missing database fails the run instead of skipping.
 */
export const testEnv = {
  postgresUrl: process.env.TEST_DATABASE_URL || undefined,
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  requireBrowser: process.env.REQUIRE_BROWSER_TESTS === '1',
  /** BROWSER_TEST_DIALECT=postgres runs the browser suites' store on TEST_DATABASE_URL (default SQLite). */
  browserDialect: process.env.BROWSER_TEST_DIALECT === 'postgres' ? ('postgres' as const) : ('sqlite' as const),
  /** CI sets these; tests that need the service then fail instead of skipping when it is missing. */
  redisUrl: process.env.TEST_REDIS_URL || undefined,
  amqpUrl: process.env.TEST_AMQP_URL || undefined,
};
