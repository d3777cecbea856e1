// Graceful shutdown, end to end: the server (src/server.ts, run with tsx) gets SIGTERM while a write
// is in flight and an article stream open. The write completes and is stored, the stream is ended, a
// new request is refused (503 or connection refused), the process exits 0, and the database it leaves
// is closed: WAL checkpointed, integrity ok.
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { articleId } from '../src/analysis/ids.js';
import { startServer, waitForOutput } from '../src/cli/server-process.js';

const _root = join(import.meta.dirname, '..');
const KEY = 'shutdown-test-key-0123456789';
const TEXT =
  'Harbour talks resume\n\nOSLO, Norway (Reuters) - Mayor Ellen Park said on Monday the talks would resume.\n';

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the request in flight, ends the open streams, refuses new requests, exits 0 and leaves the database closed', async () => {
    const server = await startServer({ env: { API_KEYS: KEY } });
    const { proc, port, databasePath, exited } = server;
    child = proc;
    dir = server.dir;
    const output = server.output;

    // An article stream, open for as long as the server lets it be.
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/articles/stream' }, resolve).on('error', reject).end();
    });
    expect(stream.statusCode).toBe(200);
    const streamEnded = new Promise<void>((resolve) => {
      stream.on('close', resolve);
      stream.resume();
    });

    // A write whose headers are sent but whose body is not: in flight until the test finishes it.
    const body = Buffer.from(TEXT);
    let inFlight: ReturnType<typeof request> | undefined;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/articles',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 10));
      inFlight = req;
    });
    await waitForOutput(proc, output, '"url":"/articles"');

    proc.kill('SIGTERM');
    await waitForOutput(proc, output, '"msg":"closing"');

    // A new request is refused: the listening socket is closed (or Fastify answers 503).
    const fresh = await fetch(`http://127.0.0.1:${port}/health`).then(
      (res) => res.status,
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
    );
    expect([503, 'ECONNREFUSED']).toContain(fresh);

    // The write in flight completes and is stored.
    inFlight?.end(body.subarray(10));
    const res = await answer;
    expect(res.status, res.body).toBe(201);
    expect(JSON.parse(res.body).id).toBe(articleId(TEXT));

    expect(await exited, output()).toBe(0);
    // The stream was ended, not left to keep the closing server waiting.
    await streamEnded;
    // Closed cleanly: the last connection checkpointed and removed the WAL.
    const wal = `${databasePath}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0, 'the -wal file was left with frames in it').toBe(true);
    const db = new Database(databasePath, { readonly: true, fileMustExist: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM articles WHERE id = ?').get(articleId(TEXT))).toEqual({ n: 1 });
    db.close();
  }, 60_000);

  it('gives up after SHUTDOWN_TIMEOUT_MS when a request never finishes: destroys the connection, logs it and exits 1', async () => {
    const server = await startServer({ env: { API_KEYS: KEY, SHUTDOWN_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '0' } });
    const { proc, port, exited, output } = server;
    child = proc;
    dir = server.dir;
    // A client that sends half its body and then nothing.
    const stuck = new Promise<string>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/articles',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain', 'content-length': 1000 },
      });
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      req.on('response', (res) => resolve(String(res.statusCode)));
      req.write('Half a headline');
    });
    await waitForOutput(proc, output, '"url":"/articles"');
    proc.kill('SIGTERM');
    expect(await exited, output()).toBe(1);
    expect(output()).toContain('shutdown did not finish within SHUTDOWN_TIMEOUT_MS');
    expect(await stuck).toBe('ECONNRESET');
  }, 60_000);
});
