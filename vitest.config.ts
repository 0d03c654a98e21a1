import path from 'node:path';
import { defineConfig } from 'vitest/config';

const pgUrl = process.env.MASSLINE_TEST_PG_URL;
const serverTests = ['apps/server/**/*.test.ts', 'packages/**/*.test.ts'];

/**
 * One suite, run once per database: always on SQLite, and again on PostgreSQL when
 * MASSLINE_TEST_PG_URL is set (CI sets it). Browser tests run once, against SQLite.
 */
export default defineConfig({
  resolve: {
    alias: {
      // Single shared files by path (the phone pages' imports); listed before the index alias, which would also match them.
      '@massline/shared/src': path.resolve(import.meta.dirname, 'packages/shared/src'),
      '@massline/shared': path.resolve(import.meta.dirname, 'packages/shared/src/index.ts'),
    },
  },
  test: {
    reporters: ['default', './scripts/vitest-summary.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: serverTests, env: { MASSLINE_TEST_DB: 'sqlite' } } },
      ...(pgUrl ? [{ extends: true, test: { name: 'postgres', include: serverTests, env: { MASSLINE_TEST_DB: 'postgres' } } }] : []),
      // The built web app: the phone page's weight budget (reads apps/web/dist, which `npm ci` builds).
      { extends: true, test: { name: 'web', include: ['apps/web/test/**/*.test.ts'] } },
      // A browser waits for the page: polls get a generous time limit (the default is 1 s).
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], fileParallelism: false, expect: { poll: { timeout: 15_000 } } } },
    ],
  },
});
