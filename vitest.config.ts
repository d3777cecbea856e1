// `npm test`: everything but the browser test (test/browser, `npm run test:browser`), so the suite
// passes on a machine without Chromium. Tests that need PostgreSQL (*.pg.test.ts) run when the server
// at TEST_DATABASE_URL answers; with REQUIRE_POSTGRES=1 an unreachable server fails the run instead
// of leaving them out (CI sets it, so they cannot silently stop running).
import { configDefaults, defineConfig } from 'vitest/config';
import { postgresAnswers, TEST_DATABASE_URL } from './test/postgres.js';

export default defineConfig(async () => {
  const postgres = await postgresAnswers();
  if (!postgres && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${TEST_DATABASE_URL} does not answer`);
  }
  if (!postgres) console.warn(`PostgreSQL at ${TEST_DATABASE_URL} does not answer: leaving out *.pg.test.ts`);
  return {
    test: {
      exclude: [...configDefaults.exclude, 'test/browser/**', ...(postgres ? [] : ['**/*.pg.test.ts'])],
    },
  };
});
