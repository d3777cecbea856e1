// `npm test`: everything but the browser test (test/browser, `npm run test:browser`), so the suite
// passes on a machine without Chromium.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/browser/**'],
  },
});
