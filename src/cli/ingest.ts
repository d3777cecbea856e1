// npm run ingest -- <files or folders>: the server's ingest pipeline from the command line, into the
// database at DATABASE_PATH (or DATABASE_URL). Prints a progress bar, then ingested / unchanged /
// failed with reasons. Safe while the server runs: SQLite (WAL) takes one writer at a time and the
// other waits (this tool up to TOOL_BUSY_WAIT_MS a batch); PostgreSQL takes both, each batch in its
// own transaction.
import { loadConfig } from '../config.js';
import { loadDefaultExtractor } from '../extract/extractor.js';
import { expandPaths, ingestFiles } from '../service/ingest.js';
import { openStore, storeLocation } from '../store/open-store.js';
import { TOOL_BUSY_WAIT_MS } from '../store/sqlite-store.js';
import { progressReporter } from './progress.js';
import { runCli } from './run.js';

async function main(args: string[]) {
  if (args.length === 0 || args.includes('--help')) {
    console.error('usage: npm run ingest -- <file.txt | folder> ...   (folders are searched for *.txt)');
    return 2;
  }
  const config = loadConfig();
  let files: string[];
  try {
    files = expandPaths(args);
  } catch (err) {
    console.error(`ingest: ${(err as Error).message}`);
    return 2;
  }
  const extractor = loadDefaultExtractor();
  // another process writing (the server, another tool) is waited for, never a reason to fail a file
  const store = await openStore({ ...config, busyWaitMs: TOOL_BUSY_WAIT_MS });
  const bar = progressReporter(files.length);
  const summary = await ingestFiles(store, files, { extractor, onFile: (_file, _outcome, done) => bar.update(done) });
  bar.end();
  await store.close();
  console.log(
    `ingested ${summary.stored}, unchanged ${summary.unchanged}, failed ${summary.failed.length} (database ${storeLocation(config)})`,
  );
  for (const f of summary.failed) console.log(`  failed ${f.file}: ${f.reason}`);
  if (summary.stopped) {
    const { reason, remaining } = summary.stopped;
    console.error(`ingest: stopped, ${remaining} of ${files.length} files not ingested: ${reason}`);
  }
  return summary.failed.length > 0 || summary.stopped ? 1 : 0;
}

runCli(main);
