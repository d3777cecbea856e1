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
      maxEventLoopDelayMs: 1000,
      workers: 1,
      analysisThreads: 1,
      ingestQueueUrl: null,
      workerConcurrency: 1,
      ingestRetryLimit: 3,
      ingestRetryDelaySeconds: 5,
      ingestJobTimeoutSeconds: 300,
    });
  });

  it('takes a PostgreSQL URL for the ingest queue and refuses anything else', () => {
    expect(loadConfig({ INGEST_QUEUE_URL: 'postgres://u@db:5432/news' }).ingestQueueUrl).toBe(
      'postgres://u@db:5432/news',
    );
    expect(() => loadConfig({ INGEST_QUEUE_URL: 'redis://cache:6379' })).toThrow(/INGEST_QUEUE_URL/);
  });

  it('reads the environment, treating an empty variable as unset', () => {
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: '', LOG_LEVEL: 'warn' })).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databasePath: 'data/db/news.db',
      logLevel: 'warn',
    });
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
  ])('stops on %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration:\\n  ${name}: `));
  });
});
