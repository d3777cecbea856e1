// `npm test`: everything but the browser test (test/browser, `npm run test:browser`), so the suite
// passes on a machine without Chromium.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    // Tests assert behaviour, not speed. Vitest's 5 s default turned into a speed test on a shared,
    // loaded machine (worker-thread start-up timed out at a load average of 10 on 2 cores); a hang
    // still fails, after 30 s.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
