// npm run reprocess [-- --all]: extracts the stored articles again with the current extractor, from
// their stored text, replacing their entities and quotes. By default only articles an older extractor
// version produced; --all does every one. First it groups into stories the articles stored before
// stories were kept (migrations/0005_stories.sql).
import { loadConfig } from '../config.js';
import { loadDefaultExtractor } from '../extract/extractor.js';
import { reprocessArticles } from '../service/ingest.js';
import { StoreWriteRefusedError } from '../store/news-store.js';
import { openStore, storeLocation } from '../store/open-store.js';
import { TOOL_BUSY_WAIT_MS } from '../store/sqlite-store.js';
import { progressReporter } from './progress.js';
import { runCli } from './run.js';

/** Articles grouped per transaction: short enough not to hold the writer long. */
const GROUP_BATCH = 200;

async function main(args: string[]) {
  const unknown = args.filter((a) => a !== '--all');
  if (unknown.length > 0) {
    console.error('usage: npm run reprocess [-- --all]');
    return 2;
  }
  const config = loadConfig();
  const extractor = loadDefaultExtractor();
  // another process writing (the server, another tool) is waited for, never a reason to fail a file
  const store = await openStore({ ...config, busyWaitMs: TOOL_BUSY_WAIT_MS });
  // A database that refuses every write (full, read-only) stops the run at the first refusal, with one line.
  const refused = async (reason: string) => {
    await store.close();
    console.error(`reprocess: stopped: ${reason}`);
    return 1;
  };
  // Articles stored before stories were kept are grouped first, oldest first, as saving them would have.
  let grouped = 0;
  try {
    for (
      let n = await store.groupEarlierArticles(GROUP_BATCH);
      n > 0;
      n = await store.groupEarlierArticles(GROUP_BATCH)
    )
      grouped += n;
  } catch (err) {
    if (err instanceof StoreWriteRefusedError) return refused(err.message);
    throw err;
  }
  if (grouped > 0) console.log(`grouped ${grouped} articles stored before stories were kept into their stories`);
  let bar: ReturnType<typeof progressReporter> | undefined;
  const summary = await reprocessArticles(store, {
    extractor,
    all: args.includes('--all'),
    onArticle: (_id, done, total) => {
      bar ??= progressReporter(total);
      bar.update(done);
    },
  });
  bar?.end();
  await store.close();
  console.log(
    `reprocessed ${summary.reprocessed}, already current ${summary.current}, failed ${summary.failed.length} (extractor ${extractor.version}, database ${storeLocation(config)})`,
  );
  for (const f of summary.failed) console.log(`  failed ${f.id}: ${f.reason}`);
  if (summary.stopped) {
    const { reason, remaining } = summary.stopped;
    console.error(`reprocess: stopped, ${remaining} articles not reprocessed: ${reason}`);
  }
  return summary.failed.length > 0 || summary.stopped ? 1 : 0;
}

runCli(main);
