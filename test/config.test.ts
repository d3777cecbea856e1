import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databasePath: 'data/db/news.db',
      articlesDir: 'data/articles',
      logLevel: 'info',
      bodyLimit: 1048576,
      apiKeys: [],
      rateLimitMax: 1000,
      trustProxy: false,
      corsOrigins: [],
      requestTimeoutMs: 30000,
      headersTimeoutMs: 10000,
      keepAliveTimeoutMs: 5000,
      maxConnections: 1024,
      extractMaxBytes: 262144,
      extractRateLimitMax: 1000,
      extractConcurrency: 1,
      extractQueueMax: 8,
      extractMaxMentions: 5000,
      maxEventLoopDelayMs: 1000,
      shutdownTimeoutMs: 10_000,
      streamMaxClients: 100,
      workers: 1,
      analysisThreads: 1,
      redisUrl: undefined,
      redisKeyPrefix: 'newswire:',
      databaseReplicaUrls: [],
      replicaMaxLagMs: 10000,
      databasePoolSize: 10,
      ingestQueueUrl: null,
      workerConcurrency: 1,
      ingestRetryLimit: 3,
      ingestRetryDelaySeconds: 5,
      ingestJobTimeoutSeconds: 300,
      webhooks: {
        pollMs: 1000,
        retryBaseMs: 10_000,
        retryMaxMs: 3_600_000,
        maxAttempts: 10,
        timeoutMs: 10_000,
        concurrency: 8,
      },
    });
  });

  it('gives POST /extract the general rate limit unless told otherwise (a corpus client goes at full speed)', () => {
    expect(loadConfig({ RATE_LIMIT_MAX: '50' }).extractRateLimitMax).toBe(50);
    expect(loadConfig({ RATE_LIMIT_MAX: '50', EXTRACT_RATE_LIMIT_MAX: '5' }).extractRateLimitMax).toBe(5);
  });

  it('keeps the headers timeout within the request timeout', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '4000' }).headersTimeoutMs).toBe(4000);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '0' }).headersTimeoutMs).toBe(10000);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '4000', HEADERS_TIMEOUT_MS: '5000' })).toThrow(
      /HEADERS_TIMEOUT_MS: at most REQUEST_TIMEOUT_MS \(4000\)/,
    );
  });

  it('takes a PostgreSQL URL for the ingest queue and refuses anything else', () => {
    expect(loadConfig({ INGEST_QUEUE_URL: 'postgres://u@db:5432/news' }).ingestQueueUrl).toBe(
      'postgres://u@db:5432/news',
    );
    expect(() => loadConfig({ INGEST_QUEUE_URL: 'redis://cache:6379' })).toThrow(/INGEST_QUEUE_URL/);
  });

  it('refuses INGEST_RETRY_LIMIT=0, which would dead-letter the job of a worker that died', () => {
    expect(loadConfig({ INGEST_RETRY_LIMIT: '1' }).ingestRetryLimit).toBe(1);
    expect(() => loadConfig({ INGEST_RETRY_LIMIT: '0' })).toThrow(/INGEST_RETRY_LIMIT: at least 1/);
  });

  it('caps the open article streams by STREAM_MAX_CLIENTS', () => {
    expect(loadConfig({ STREAM_MAX_CLIENTS: '5' }).streamMaxClients).toBe(5);
    expect(loadConfig({ STREAM_MAX_CLIENTS: '0' }).streamMaxClients).toBe(0);
    expect(() => loadConfig({ STREAM_MAX_CLIENTS: '-1' })).toThrow(/STREAM_MAX_CLIENTS/);
  });

  it('sizes the PostgreSQL pools by DATABASE_POOL_SIZE', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '3' }).databasePoolSize).toBe(3);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('reads the environment, treating an empty variable as unset', () => {
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: '', LOG_LEVEL: 'warn' })).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databasePath: 'data/db/news.db',
      logLevel: 'warn',
    });
  });

  it('selects PostgreSQL by a postgres:// or postgresql:// DATABASE_URL, and refuses any other URL', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/news' }).databaseUrl).toBe('postgres://u@db:5432/news');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/news' }).databaseUrl).toBe('postgresql://db/news');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/news' })).toThrow(/DATABASE_URL/);
  });

  it('reads lists and proxy settings', () => {
    expect(
      loadConfig({
        API_KEYS: 'aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb',
        CORS_ORIGINS: 'https://a.example,https://b.example',
        TRUST_PROXY: '2',
      }),
    ).toMatchObject({
      apiKeys: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'],
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: 2,
    });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BODY_LIMIT: '12' }, 'BODY_LIMIT'],
    [{ API_KEYS: 'short' }, 'API_KEYS'],
    [{ RATE_LIMIT_MAX: '-1' }, 'RATE_LIMIT_MAX'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ WORKERS: '0' }, 'WORKERS'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
  ])('stops on %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration:\\n  ${name}: `));
  });

  it('reads read replicas of a PostgreSQL DATABASE_URL', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://news@db/news',
        DATABASE_REPLICA_URLS: 'postgres://news@replica1/news, postgresql://news@replica2/news',
        REPLICA_MAX_LAG_MS: '5000',
      }),
    ).toMatchObject({
      databaseReplicaUrls: ['postgres://news@replica1/news', 'postgresql://news@replica2/news'],
      replicaMaxLagMs: 5000,
    });
  });

  it.each([
    [{ DATABASE_REPLICA_URLS: 'postgres://news@replica/news' }],
    [{ DATABASE_URL: 'file:news.db', DATABASE_REPLICA_URLS: 'postgres://news@replica/news' }],
  ])('refuses replicas without a PostgreSQL DATABASE_URL, naming both variables: %j', (env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(
      // (A DATABASE_URL that is not PostgreSQL is also named on a line of its own.)
      /^invalid configuration:\n(?: {2}DATABASE_URL: .*\n)? {2}DATABASE_REPLICA_URLS: read replicas need DATABASE_URL to be the postgres:\/\/ URL/,
    );
  });

  it('refuses a replica URL that is not PostgreSQL, and a negative lag bound', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://news@db/news', DATABASE_REPLICA_URLS: 'mysql://replica/news' }),
    ).toThrow(/DATABASE_REPLICA_URLS: each replica needs a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => loadConfig({ REPLICA_MAX_LAG_MS: '-1' })).toThrow(/REPLICA_MAX_LAG_MS: /);
  });
});
