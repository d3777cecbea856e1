// Start-up failures end the process with status 1 and one line that names the setting to fix: a port
// in use (with WORKERS=2 too, where the primary once replaced failing workers forever) and a
// DATABASE_PATH whose folder cannot be made.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';

let holder: Server | undefined;
afterEach(() => holder?.close());

/** Runs the server until it exits by itself; its status and everything it printed. */
function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));
  mkdirSync(join(dir, 'articles'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: packageRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_PATH: join(dir, 'news.db'),
      DATABASE_URL: '',
      ARTICLES_DIR: join(dir, 'articles'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  // a server that starts after all is stopped, so the test fails on its status rather than hanging
  const started = setInterval(() => {
    if (/Server listening/.test(output)) proc.kill('SIGTERM');
  }, 100);
  return new Promise((resolve) =>
    proc.on('exit', (code) => {
      clearInterval(started);
      resolve({ code, output });
    }),
  );
}

/** A port something else listens on. */
function heldPort(): Promise<number> {
  const server = createServer();
  holder = server;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

describe('start-up failures', () => {
  it('a port in use: exits 1 with a line naming PORT', async () => {
    const port = await heldPort();
    const { code, output } = await run({ PORT: String(port) });
    expect(code, output).toBe(1);
    expect(output).toContain(`PORT=${port}: 127.0.0.1:${port} is already in use`);
    expect(output).not.toMatch(/^\s+at /m);
  }, 120_000);

  it('a port in use with WORKERS=2: the primary exits 1 instead of starting workers again', async () => {
    const port = await heldPort();
    const { code, output } = await run({ PORT: String(port), WORKERS: '2' });
    expect(code, output).toBe(1);
    expect(output).toContain(`PORT=${port}: 127.0.0.1:${port} is already in use`);
    expect(output).toContain('a worker failed at start-up');
    expect(output).not.toContain('starting another');
  }, 120_000);

  it('a DATABASE_PATH whose folder cannot be made: exits 1 with a line naming it and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'startup-'));
    writeFileSync(join(dir, 'a-file'), '');
    const path = join(dir, 'a-file', 'news.db');
    const { code, output } = await run({ DATABASE_PATH: path });
    expect(code, output).toBe(1);
    expect(output).toContain(`DATABASE_PATH=${path}: cannot create its folder`);
    expect(output).toMatch(/EEXIST|ENOTDIR/);
    expect(output).not.toMatch(/^\s+at /m);
  }, 120_000);
});
