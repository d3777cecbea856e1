// npm run ingest -- <files or folders>: the server's ingest pipeline from the command line, into the
// database at DATABASE_PATH. Prints a progress bar, then ingested / unchanged / failed with reasons.
// Safe while the server runs: SQLite (WAL) takes one writer at a time and the other waits.
import { ConfigError, loadConfig } from '../config.js';
import { expandPaths, ingestFiles } from '../service/ingest.js';
import { createSqliteStore, openDatabase } from '../store/sqlite-store.js';

function progress(done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

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
  const store = createSqliteStore(openDatabase(config.databasePath));
  const tty = process.stderr.isTTY;
  let lastPercent = -1;
  const summary = await ingestFiles(store, files, {
    onFile: (_file, _outcome, done) => {
      if (tty) process.stderr.write(`\r${progress(done, files.length)}`);
      else {
        const percent = Math.floor((done / files.length) * 10) * 10;
        if (percent !== lastPercent) process.stderr.write(`${progress(done, files.length)}\n`);
        lastPercent = percent;
      }
    },
  });
  if (tty) process.stderr.write('\n');
  await store.close();
  console.log(
    `ingested ${summary.stored}, unchanged ${summary.unchanged}, failed ${summary.failed.length} (database ${config.databasePath})`,
  );
  for (const f of summary.failed) console.log(`  failed ${f.file}: ${f.reason}`);
  return summary.failed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
