// Running the real server as a child process, for the tests that need a process: shutdown, workers.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
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
