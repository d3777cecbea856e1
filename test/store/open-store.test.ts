import { describe, expect, it } from 'vitest';
import { storeLocation } from '../../src/store/open-store.js';

describe('storeLocation', () => {
  it('names the SQLite file, or the PostgreSQL server and database without any credential', () => {
    expect(storeLocation({ databasePath: 'data/db/news.db' })).toBe('data/db/news.db');
    expect(storeLocation({ databasePath: 'x', databaseUrl: 'postgres://news:s3cret@db:5432/news' })).toBe(
      'postgres://db:5432/news',
    );
    // libpq also takes the password as a parameter; the other parameters say something useful.
    expect(
      storeLocation({ databasePath: 'x', databaseUrl: 'postgres://db/news?password=s3cret&sslmode=require' }),
    ).toBe('postgres://db/news?sslmode=require');
  });
});
