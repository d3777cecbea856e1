// A short soak (`npm run soak`): the built server (dist/server.js) on a temporary SQLite database,
// SOAK_CONNECTIONS (default 50) connections for SOAK_SECONDS (default 60) of mixed traffic through
// autocannon: lists, searches, single articles, entities, quotes, and one write in eight (POST
// /articles, each a new text). Prints the requests made, the non-2xx answers and the errors, latency
// p50/p99, and the server's RSS before and after. What it looks for: errors or 5xx under sustained
// load, and memory that keeps growing. Not part of .ci/run (a minute is too long there).
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../../src/cli/server-process.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 50);
const KEY = 'soak-test-key-0123456789abcdef';

interface Result {
  requests: { total: number };
  latency: { p50: number; p99: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: Result) => void) => unknown;
// autocannon is CommonJS without bundled typings.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const rssOf = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? Number.NaN : Number(kb) * 1024;
};
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

let written = 0;
const story = () => {
  written++;
  return (
    `Harbour talks resume, round ${written}\n\nOSLO, Norway (Reuters) - Mayor Ellen Park met Minister John Berg ` +
    `in Oslo on Monday for round ${written} of the talks. "We will go on," Park said. Berg said the harbour ` +
    `would stay open until round ${written + 1}.\n`
  );
};

const server = await startServer({ built: true, env: { API_KEYS: KEY, LOG_LEVEL: 'warn' } });
const pid = server.proc.pid ?? 0;
try {
  const post = (text: string) =>
    fetch(`${server.base}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' },
      body: text,
    }).then((r) => r.json() as Promise<{ id: string }>);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await post(story())).id);
  const before = rssOf(pid);

  const write = {
    method: 'POST',
    path: '/articles',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' },
    setupRequest: (req: Record<string, unknown>) => ({ ...req, body: story() }),
  };
  const read = (path: string) => ({ method: 'GET', path });
  const requests = [
    read('/articles'),
    read(`/articles/${ids[0]}`),
    read('/articles?q=harbour'),
    read('/entities'),
    write,
    read('/quotes'),
    read(`/articles/${ids[ids.length - 1]}`),
    read('/articles?sort=oldest&limit=5'),
  ];
  process.stderr.write(`soak: ${CONNECTIONS} connections for ${SECONDS} s against ${server.base}\n`);
  const result = await new Promise<Result>((resolve, reject) =>
    autocannon({ url: server.base, connections: CONNECTIONS, duration: SECONDS, requests }, (err, r) =>
      err ? reject(err) : resolve(r),
    ),
  );
  const after = rssOf(pid);
  const statuses = Object.entries(result.statusCodeStats)
    .map(([code, s]) => `${code}: ${s.count}`)
    .join(', ');
  console.log(
    [
      `requests      ${result.requests.total} in ${SECONDS} s (${Math.round(result.requests.total / SECONDS)}/s), ${CONNECTIONS} connections`,
      `statuses      ${statuses}`,
      `non-2xx       ${result.non2xx}`,
      `errors        ${result.errors} (timeouts ${result.timeouts})`,
      `latency       p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
      `server RSS    ${MB(before)} before, ${MB(after)} after`,
    ].join('\n'),
  );
} finally {
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}
