// Slow clients cannot hold sockets: headers and bodies sent a byte at a time are cut off by the
// configured timeouts (not the 30 s Node would otherwise wait between its checks), and connections
// beyond the cap are closed at once. Small timeouts here; the trickle would go on for ever.
import { createConnection, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';

let store: NewsStore;
let app: FastifyInstance;
let port: number;
const sockets: Socket[] = [];
const trickles: NodeJS.Timeout[] = [];

async function start(config: Partial<AppConfig>) {
  app = await buildTestApp(store, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
}

/** A raw connection, with everything it received and a promise of its close. */
function connect() {
  const socket = createConnection({ host: '127.0.0.1', port });
  sockets.push(socket);
  let received = '';
  socket.on('data', (d) => {
    received += d.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  const opened = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  return { socket, closed, opened };
}

/** Writes one more byte of `text` every 50 ms, the way a slow client keeps a connection busy. */
function trickle(socket: Socket, text: string) {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(text[i % text.length] as string);
    i++;
  }, 50);
  trickles.push(timer);
}

beforeEach(() => {
  store = createSqliteStore(openDatabase(':memory:'));
});
afterEach(async () => {
  for (const t of trickles.splice(0)) clearInterval(t);
  for (const s of sockets.splice(0)) s.destroy();
  await app.close();
  await store.close();
});

describe('connections', () => {
  it('closes a client that sends its headers slowly, after the headers timeout, with a 408', async () => {
    await start({ headersTimeoutMs: 300, requestTimeoutMs: 2000 });
    const { socket, closed } = connect();
    socket.write('GET /articles HTTP/1.1\r\nHost: x\r\n');
    trickle(socket, 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a client that sends its body slowly, after the request timeout, with a 408', async () => {
    await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const { socket, closed } = connect();
    socket.write(
      `POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_KEY}\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nHeadline\n\n`,
    );
    trickle(socket, 'word ');
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes connections beyond MAX_CONNECTIONS at once, and serves the ones it holds', async () => {
    await start({ maxConnections: 2 });
    const first = connect();
    const second = connect();
    await Promise.all([first.opened, second.opened]);
    // The server counts a connection once it has accepted it: wait until it holds both.
    await expect.poll(() => new Promise((r) => app.server.getConnections((_e, n) => r(n)))).toBe(2);
    const third = connect();
    expect(await third.closed).toBe('');
    first.socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await first.closed).toMatch(/^HTTP\/1\.1 200/);
  });
});
