// Running the real server as a child process: one way for the tests that need a process (shutdown,
// workers, the crash test) and for the benchmark. Under tsx from src/ by default, or the built
// dist/server.js (`built`), on a free port, with its own database folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The folder holding the database and an articles/ folder. */
  dir: string;
  databasePath: string;
  /** Everything the process has printed so far. */
  output: () => string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** Extra or overriding environment (API_KEYS, WORKERS, LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** Run the built dist/server.js instead of src/server.ts under tsx. */
  built?: boolean;
  /** The folder for the database and articles/ (a new temporary one by default). */
  dir?: string;
  /** The database file (dir/news.db by default). */
  databasePath?: string;
  /** The port to listen on (a free one by default). */
  port?: number;
}

/**
 * Starts the server with rate limiting and the overload check off, and resolves once /health
 * answers (or rejects with the server's output when it exits first or does not answer in 60 s).
 */
export async function startServer(opts: ServerOptions = {}): Promise<ServerProcess> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'newswire-server-'));
  mkdirSync(join(dir, 'articles'), { recursive: true });
  const databasePath = opts.databasePath ?? join(dir, 'news.db');
  const port = opts.port ?? (await freePort());
  const args = opts.built ? [join(packageRoot, 'dist/server.js')] : ['--import', 'tsx', 'src/server.ts'];
  const proc = spawn(process.execPath, args, {
    cwd: packageRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      // SQLite at databasePath whatever the calling shell exports; opts.env may choose PostgreSQL.
      DATABASE_URL: '',
      ARTICLES_DIR: join(dir, 'articles'),
      RATE_LIMIT_MAX: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  proc.stdout?.on('data', (d) => (text += d));
  proc.stderr?.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const output = () => text;
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`the server exited at start-up:\n${text}`);
    const up = await healthy(port);
    if (up) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the server did not answer /health within 60 s:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (gone) return;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return { proc, port, base, dir, databasePath, output, exited, stop };
}

/**
 * Whether /health answers 200, on a connection of its own that closes after the answer: a pooled
 * keep-alive socket (fetch's) would stay open into the test, which must see a fresh server.
 */
function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/health', agent: false, headers: { connection: 'close' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
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
