// WORKERS=n: n processes share the port and the database; a write through one is read through all.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitForOutput } from './server-process.js';

const root = join(import.meta.dirname, '..');
const KEY = 'workers-test-key-0123456789';

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('WORKERS=2', () => {
  it('serves from two processes that share the database, and stops them all on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'newswire-workers-'));
    mkdirSync(join(dir, 'articles'));
    const port = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: join(dir, 'news.db'),
        ARTICLES_DIR: join(dir, 'articles'),
        API_KEYS: KEY,
        RATE_LIMIT_MAX: '0',
        MAX_EVENT_LOOP_DELAY_MS: '0',
        WORKERS: '2',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (d) => (output += d));
    proc.stderr?.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    await waitForOutput(proc, () => output, 'Server listening');
    // Both workers listen: two "Server listening" lines from two pids.
    const deadline = Date.now() + 30_000;
    const pids = () => new Set([...output.matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1]));
    while (pids().size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids().size, output).toBe(2);

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
    expect(await exited, output).toBe(0);
  }, 60_000);
});
