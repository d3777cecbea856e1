// The app as tests build it: rate limiting and the overload check off unless a test turns them on,
// so a busy machine cannot make a test flaky.
import { type AppConfig, buildApp } from '../src/app.js';
import type { IngestQueue } from '../src/service/ingest-queue.js';
import type { NewsStore } from '../src/store/news-store.js';
import { analyser } from './extractor.js';

export const TEST_KEY = 'test-key-0123456789abcdef';

/** `log`, when given, gets the app's log: pino's JSON lines, level info and above (none by default). */
export function buildTestApp(
  store: NewsStore,
  config: Partial<AppConfig> = {},
  queue: IngestQueue | null = null,
  log?: string[],
) {
  return buildApp({
    store,
    analyser,
    queue,
    config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY], ...config },
    ...(log ? { logger: { level: 'info', stream: { write: (line: string) => log.push(line) } } } : {}),
  });
}
