// Running the real server as a child process, for the tests that need a process: shutdown, workers.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  /** The temporary folder holding news.db and an empty articles/ folder. */
  dir: string;
  databasePath: string;
  /** Everything the process has printed so far. */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts src/server.ts (under tsx) on a free port with its own empty database, the given API key,
 * rate limiting and the overload check off, and resolves once it listens.
 */
export async function startServer(key: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'newswire-server-'));
  mkdirSync(join(dir, 'articles'));
  const databasePath = join(dir, 'news.db');
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      ARTICLES_DIR: join(dir, 'articles'),
      API_KEYS: key,
      RATE_LIMIT_MAX: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  proc.stdout?.on('data', (d) => (text += d));
  proc.stderr?.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const output = () => text;
  await waitForOutput(proc, output, 'Server listening');
  return { proc, port, dir, databasePath, output, exited };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    // Never keeps the process alive on its own.
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when the server's output contains `text` (it logs JSON lines at info level). */
export function waitForOutput(proc: ChildProcess, output: () => string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output().includes(text)) {
        proc.stdout?.off('data', check);
        resolve();
      }
    };
    proc.stdout?.on('data', check);
    proc.once('exit', (code) => reject(new Error(`the server exited (${code}) before "${text}":\n${output()}`)));
    check();
  });
}
