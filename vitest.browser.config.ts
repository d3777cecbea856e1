// `npm run test:browser`: Swagger UI and the reader view driven in Chromium (/usr/bin/chromium) with
// playwright-core. Kept out of `npm test`; .ci/browser installs Chromium when it is missing.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
