// WORKERS=n: n processes share the port and the database; a write through one is read through all, and
// a worker that dies after start-up is replaced, its replacement retried while it fails to start.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../src/cli/server-process.js';

const _root = join(import.meta.dirname, '..');
const KEY = 'workers-test-key-0123456789';

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('WORKERS=2', () => {
  it('serves from two processes that share the database, and stops them all on SIGTERM', async () => {
    const server = await startServer({ env: { API_KEYS: KEY, WORKERS: '2' } });
    const { proc, port, exited } = server;
    child = proc;
    dir = server.dir;
    // Both workers listen: two "Server listening" lines from two pids.
    const deadline = Date.now() + 30_000;
    const pids = () => new Set([...server.output().matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1]));
    while (pids().size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids().size, server.output()).toBe(2);

    const base = `http://127.0.0.1:${port}`;
    const text = 'Bridge reopens\nThe bridge in Porto reopened on Monday, officials said.\n';
    const created = await fetch(`${base}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' },
      body: text,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Fresh connections are spread over the workers; every one of them sees the article.
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/articles/${id}`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
    }

    proc.kill('SIGTERM');
    expect(await exited, server.output()).toBe(0);
  }, 60_000);

  it('limits a client across both workers, not per worker: the primary keeps the counts', async () => {
    const MAX = 6;
    const server = await startServer({ env: { WORKERS: '2', RATE_LIMIT_MAX: String(MAX) } });
    child = server.proc;
    dir = server.dir;
    await waitForWorkers(server.output, 2);
    // The test reads the budget left from the first answer, whatever counted before it.
    const answers: { status: number; remaining: number | null }[] = [];
    const logFrom = server.output().length;
    for (let i = 0; i < 2 * MAX + 2; i++) {
      const res = await fetch(`${server.base}/entities`, { headers: { connection: 'close' } });
      await res.arrayBuffer();
      const remaining = res.headers.get('x-ratelimit-remaining');
      answers.push({ status: res.status, remaining: remaining === null ? null : Number(remaining) });
      if (res.status === 429) break;
    }
    const served = answers.filter((a) => a.status === 200);
    const first = served[0]?.remaining ?? -1;
    expect(first, JSON.stringify(answers)).toBeGreaterThanOrEqual(1);
    // One count for the host: every answer has one fewer left than the one before, whichever worker
    // gave it (counting per worker, the two would alternate and a 429 would come only after ~2 * MAX).
    expect(
      served.map((a) => a.remaining),
      JSON.stringify(answers),
    ).toEqual(Array.from({ length: first + 1 }, (_, i) => first - i));
    expect(answers.at(-1)?.status).toBe(429);
    expect(served.length).toBeLessThanOrEqual(MAX);
    // The connections really were spread: both workers answered this test's requests.
    const answeredBy = new Set(
      [
        ...server
          .output()
          .slice(logFrom)
          .matchAll(/"pid":(\d+)[^\n]*"statusCode":(?:200|429)[^\n]*request completed/g),
      ].map((m) => m[1]),
    );
    expect(answeredBy.size, server.output()).toBe(2);
    await server.stop();
  }, 60_000);

  it('retries a replacement that fails to start once the first workers have listened, and keeps serving', async () => {
    // the database in a folder of its own, so that the folder can be made impossible to open
    dir = mkdtempSync(join(tmpdir(), 'newswire-workers-'));
    const server = await startServer({ env: { WORKERS: '2' }, dir, databasePath: join(dir, 'db', 'news.db') });
    child = server.proc;
    await waitForWorkers(server.output, 2);
    const pids = listening(server.output());
    // A file where the database's folder was: a new worker cannot open the database (the running one
    // keeps the files it has open) and exits at start-up, as when the database is briefly away.
    const folder = join(dir, 'db');
    renameSync(folder, `${folder}-away`);
    writeFileSync(folder, '');
    process.kill(Number(pids[0]), 'SIGKILL');
    // the killed worker's replacement fails: two "worker exited" lines, the second after a start-up failure
    await until(server, (out) => out.includes('cannot create its folder') && exits(out) >= 2);
    expect(server.proc.exitCode, server.output()).toBeNull();
    rmSync(folder);
    renameSync(`${folder}-away`, folder);
    // a later attempt (1 s after each failure) starts and listens: a third pid, and the cluster serves
    await until(server, (out) => listening(out).length >= 3);
    expect(server.output()).not.toMatch(/failed at start-up[^\n]*stopping/);
    const res = await fetch(`${server.base}/health`, { headers: { connection: 'close' } });
    expect(res.status).toBe(200);
    server.proc.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
  }, 90_000);
});

/** The pids that logged that they listen, in order. */
function listening(output: string): string[] {
  return [...new Set([...output.matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1] as string))];
}

/** The workers the primary saw exit unasked. */
const exits = (output: string) => output.split('worker exited; starting another').length - 1;

/** Resolves once `done` holds for the server's output (polled), failing with it if the server exits or after 60 s. */
async function until(server: ServerProcess, done: (out: string) => boolean) {
  const deadline = Date.now() + 60_000;
  while (!done(server.output()) && server.proc.exitCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect(done(server.output()), server.output()).toBe(true);
}

/** Resolves once `n` workers log that they listen (from as many pids). */
async function waitForWorkers(output: () => string, n: number) {
  const deadline = Date.now() + 30_000;
  const pids = () => new Set([...output().matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1]));
  while (pids().size < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(pids().size, output()).toBe(n);
}
