// Clients that send most of a large body and then stall (`npm run bench:partial-bodies`): the built
// server (dist/server.js) on a temporary SQLite database, BENCH_CONNECTIONS (default 300) connections
// each POSTing /articles with a Content-Length of BENCH_BODY_BYTES (default 1,000,000, under the 1 MiB
// BODY_LIMIT) and sending all but BENCH_HELD_BYTES (default 50,000) of it, then nothing more. For each
// connection it records what the server answers (status line, if any) and when the server closes it,
// in seconds after the client's last byte and after its first; and the server's RSS before the round,
// at its peak and BENCH_SETTLE_SECONDS (default 5) after the last connection closed. BENCH_ROUNDS
// (default 2) rounds on the same server show whether the memory of the first is reused by the second
// rather than added to. The server runs with its defaults (REQUEST_TIMEOUT_MS 30 s) unless the
// environment given here sets them (BENCH_SERVER_ENV='REQUEST_TIMEOUT_MS=10000 ...'); BENCH_PORT picks
// its port. What it looks for: every stalled connection closed about REQUEST_TIMEOUT_MS after it
// began, and RSS back near where it was once they are.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { startServer } from '../../src/cli/server-process.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 300);
const BODY = Number(process.env.BENCH_BODY_BYTES ?? 1_000_000);
const HELD = Number(process.env.BENCH_HELD_BYTES ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SETTLE_S = Number(process.env.BENCH_SETTLE_SECONDS ?? 5);
const KEY = 'partial-bodies-bench-key-0123456789';
const serverEnv = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

const rssOf = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? Number.NaN : Number(kb) * 1024;
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  /** The status the server answered, or null when it closed without a word. */
  status: number | null;
  /** Milliseconds from the connection's first byte to its close. */
  afterFirst: number;
  /** Milliseconds from the client's last byte (handed to the kernel) to the close. */
  afterLast: number;
}

/** One stalled upload: resolves when the server closes the connection. */
function stall(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const began = Date.now();
    let lastByte = began;
    let answer = '';
    socket.on('connect', () => {
      socket.write(
        `POST /articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEY}\r\n` +
          `Content-Type: text/plain\r\nContent-Length: ${BODY}\r\n\r\n`,
      );
      // the body's sent part, in 64 KiB writes as a client would stream it; the last write's callback
      // is when its last byte left for the kernel
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let left = BODY - HELD;
      const next = () => {
        while (left > 0) {
          const n = Math.min(left, chunk.length);
          left -= n;
          const more = socket.write(n === chunk.length ? chunk : chunk.subarray(0, n), () => {
            if (left === 0) lastByte = Date.now();
          });
          if (!more) return void socket.once('drain', next);
        }
      };
      next();
    });
    socket.on('data', (d) => {
      if (answer.length < 64) answer += d.toString('latin1');
    });
    // a reset (the server destroying the socket) closes it as well
    socket.on('error', () => {});
    socket.on('close', () => {
      const closed = Date.now();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({ status: status ? Number(status) : null, afterFirst: closed - began, afterLast: closed - lastByte });
    });
  });
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const server = await startServer({ built: true, port, env: { API_KEYS: KEY, LOG_LEVEL: 'warn', ...serverEnv } });
const pid = server.proc.pid ?? 0;
try {
  console.log(
    `partial bodies: ${CONNECTIONS} connections x ${BODY.toLocaleString('en')} B Content-Length, ` +
      `${(BODY - HELD).toLocaleString('en')} B sent then stalled; ${ROUNDS} rounds; server ${server.base}` +
      (Object.keys(serverEnv).length > 0 ? ` (${process.env.BENCH_SERVER_ENV})` : ' (default settings)'),
  );
  await sleep(1000);
  console.log(`RSS idle: ${mb(rssOf(pid))}`);
  for (let round = 1; round <= ROUNDS; round++) {
    const before = rssOf(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 100);
    const outcomes = await Promise.all(Array.from({ length: CONNECTIONS }, () => stall(server.port)));
    await sleep(SETTLE_S * 1000);
    clearInterval(sampler);
    const after = rssOf(pid);
    const statuses = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.status === null ? 'closed without answer' : String(o.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    const last = outcomes.map((o) => o.afterLast);
    const first = outcomes.map((o) => o.afterFirst);
    console.log(`round ${round}:`);
    console.log(`  answers: ${[...statuses].map(([k, n]) => `${n} x ${k}`).join(', ')}`);
    console.log(
      `  closed after the last byte sent: min ${s(Math.min(...last))}, median ${s(quantile(last, 0.5))}, ` +
        `max ${s(Math.max(...last))}`,
    );
    console.log(
      `  closed after the first byte sent: min ${s(Math.min(...first))}, median ${s(quantile(first, 0.5))}, ` +
        `max ${s(Math.max(...first))}`,
    );
    console.log(
      `  server RSS: before ${mb(before)}, peak ${mb(peak)} (+${mb(peak - before)}), ` +
        `${SETTLE_S} s after the last close ${mb(after)} (+${mb(after - before)})`,
    );
  }
  const health = await fetch(`${server.base}/health`, { headers: { connection: 'close' } });
  console.log(`afterwards /health: ${health.status}`);
} finally {
  await server.stop();
}
