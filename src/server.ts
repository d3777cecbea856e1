// Process entry: read the configuration, open and migrate the database, load the shipped articles,
// listen, and close cleanly on SIGINT/SIGTERM.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadArticles } from './service/ingest.js';
import { createSqliteStore, openDatabase } from './store/sqlite-store.js';

async function main() {
  const config = loadConfig();
  const store = createSqliteStore(openDatabase(config.databasePath));
  const app = await buildApp({ store, config, logger: { level: config.logLevel } });
  if (config.apiKeys.length === 0)
    app.log.warn('no API_KEYS configured: writes (POST and DELETE /articles) are refused');

  const loaded = await loadArticles(store, config.articlesDir);
  app.log.info(
    { dir: config.articlesDir, stored: loaded.stored, unchanged: loaded.unchanged, deleted: loaded.deleted },
    'articles loaded',
  );
  for (const f of loaded.failed) app.log.warn({ file: f.file, reason: f.reason }, 'article not loaded');

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
