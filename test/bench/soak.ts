// A short soak (`npm run soak`): the built server (dist/server.js) on a temporary SQLite database,
// SOAK_CONNECTIONS (default 50) connections for SOAK_SECONDS (default 60) of mixed traffic through
// autocannon: lists, searches, single articles, entities, quotes, and one write in eight (POST
// /articles, each a new text). What it looks for: errors or 5xx under sustained load, and memory that
// keeps growing. Not part of .ci/run (a minute is too long there).
//
// It prints, besides autocannon's totals: per route, the answers by status, the timeouts, and the
// latency (p50/p99/max, measured from when the request was written to its answer); when in the run
// each timeout came; the load average of the machine at the start and at the end; the server's RSS
// before and after; and the warnings and errors the server logged. A timeout is autocannon giving up
// on an answer after SOAK_TIMEOUT_S (default 10 s, autocannon's own default): it drops the connection
// and opens another, so the request is not counted as answered even when the server finishes it.
// SOAK_PORT chooses the server's port (a free one by default). The server's environment passes through
// (WORKERS=2, MAX_EVENT_LOOP_DELAY_MS=1000 turns the overload check on); with WORKERS above 1 the RSS
// printed is the cluster primary's.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startServer } from '../../src/cli/server-process.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 50);
const TIMEOUT_S = Number(process.env.SOAK_TIMEOUT_S ?? 10);
const PORT = process.env.SOAK_PORT === undefined ? undefined : Number(process.env.SOAK_PORT);
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
/** What autocannon passes to setupRequest and onResponse: one per connection, reset at each round. */
interface Context {
  sentAt?: number;
}
interface Client {
  on(event: 'timeout', listener: () => void): void;
  requestIterator: { currentRequestIndex: number };
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: Result) => void) => unknown;
// autocannon is CommonJS without bundled typings.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const rssOf = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? Number.NaN : Number(kb) * 1024;
};
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const load = () =>
  `${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1, 5, 15 min; ${availableParallelism()} cores)`;
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

let written = 0;
const story = () => {
  written++;
  return (
    `Harbour talks resume, round ${written}\n\nOSLO, Norway (Reuters) - Mayor Ellen Park met Minister John Berg ` +
    `in Oslo on Monday for round ${written} of the talks. "We will go on," Park said. Berg said the harbour ` +
    `would stay open until round ${written + 1}.\n`
  );
};

interface RouteStats {
  statuses: Map<number, number>;
  latencies: number[];
  /** Seconds into the run at which a request of this route timed out. */
  timeouts: number[];
}

const server = await startServer({
  built: true,
  ...(PORT === undefined ? {} : { port: PORT }),
  // The overload check is off unless MAX_EVENT_LOOP_DELAY_MS is given (then some answers are 503s).
  env: {
    API_KEYS: KEY,
    LOG_LEVEL: 'warn',
    ...(process.env.MAX_EVENT_LOOP_DELAY_MS ? { MAX_EVENT_LOOP_DELAY_MS: process.env.MAX_EVENT_LOOP_DELAY_MS } : {}),
  },
});
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
  const loadBefore = load();

  const routes = new Map<string, RouteStats>();
  const statsOf = (route: string) => {
    const s = routes.get(route) ?? { statuses: new Map<number, number>(), latencies: [], timeouts: [] };
    routes.set(route, s);
    return s;
  };
  // Every request gets a setupRequest (autocannon then builds it just before writing it, so the time
  // taken there is when it went out) and an onResponse (its answer, with the same context).
  const tracked = (route: string, req: Record<string, unknown>, setup = (r: Record<string, unknown>) => r) => ({
    ...req,
    setupRequest: (r: Record<string, unknown>, context: Context) => {
      context.sentAt = performance.now();
      return setup(r);
    },
    onResponse: (status: number, _body: string, context: Context) => {
      const s = statsOf(route);
      s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
      if (context.sentAt !== undefined) s.latencies.push(performance.now() - context.sentAt);
    },
  });
  const read = (path: string, route = `GET ${path}`) => tracked(route, { method: 'GET', path });
  const requests = [
    read('/articles'),
    read(`/articles/${ids[0]}`, 'GET /articles/{id}'),
    read('/articles?q=harbour'),
    read('/entities'),
    tracked(
      'POST /articles',
      {
        method: 'POST',
        path: '/articles',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' },
      },
      (req) => ({ ...req, body: story() }),
    ),
    read('/quotes'),
    read(`/articles/${ids[ids.length - 1]}`, 'GET /articles/{id}'),
    read('/articles?sort=oldest&limit=5'),
  ];
  const names = ['GET /articles', 'GET /articles/{id}', 'GET /articles?q=harbour', 'GET /entities'];
  names.push('POST /articles', 'GET /quotes', 'GET /articles/{id}', 'GET /articles?sort=oldest&limit=5');
  let started = 0;
  // On a timeout autocannon has already moved the connection on to its next request (it reconnects
  // and sends it before telling): the one that timed out is the request before the current one.
  const setupClient = (client: Client) =>
    client.on('timeout', () => {
      const i = (client.requestIterator.currentRequestIndex - 1 + requests.length) % requests.length;
      statsOf(names[i] ?? '?').timeouts.push((performance.now() - started) / 1000);
    });

  process.stderr.write(
    `soak: ${CONNECTIONS} connections for ${SECONDS} s against ${server.base}, autocannon timeout ${TIMEOUT_S} s\n`,
  );
  started = performance.now();
  const result = await new Promise<Result>((resolve, reject) =>
    autocannon(
      { url: server.base, connections: CONNECTIONS, duration: SECONDS, timeout: TIMEOUT_S, requests, setupClient },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
  const after = rssOf(pid);
  const loadAfter = load();
  const statuses = Object.entries(result.statusCodeStats)
    .map(([code, s]) => `${code}: ${s.count}`)
    .join(', ');
  const perRoute = [...routes.entries()].map(([route, s]) => {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    const codes = [...s.statuses.entries()].map(([c, n]) => `${c}: ${n}`).join(', ');
    const ms = (n: number) => `${Math.round(n)}`;
    return (
      `  ${route.padEnd(36)} ${codes.padEnd(12)} timeouts ${String(s.timeouts.length).padStart(3)}  ` +
      `p50 ${ms(percentile(sorted, 50))} ms, p99 ${ms(percentile(sorted, 99))} ms, max ${ms(sorted.at(-1) ?? Number.NaN)} ms`
    );
  });
  const timeoutTimes = [...routes.entries()]
    .filter(([, s]) => s.timeouts.length > 0)
    .map(([route, s]) => `  ${route}: at ${s.timeouts.map((t) => `${t.toFixed(1)}`).join(', ')} s`);
  // The server's JSON log lines at warn (40) or above, and anything else it printed.
  const logged = server
    .output()
    .split('\n')
    .filter((l) => {
      if (l.trim() === '') return false;
      try {
        return ((JSON.parse(l) as { level?: number }).level ?? 40) >= 40;
      } catch {
        return true;
      }
    });
  console.log(
    [
      `requests      ${result.requests.total} in ${SECONDS} s (${Math.round(result.requests.total / SECONDS)}/s), ${CONNECTIONS} connections`,
      `statuses      ${statuses}`,
      `non-2xx       ${result.non2xx}`,
      `errors        ${result.errors} (timeouts ${result.timeouts}, autocannon timeout ${TIMEOUT_S} s)`,
      `latency       p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms (2xx, autocannon)`,
      'per route (answers by status, timeouts, latency from the request written to its answer):',
      ...perRoute,
      ...(timeoutTimes.length > 0 ? ['timeouts, seconds into the run:', ...timeoutTimes] : []),
      `load average  ${loadBefore} at the start, ${loadAfter} at the end`,
      `server RSS    ${MB(before)} before, ${MB(after)} after (${MB(after - before)} more)`,
      `server log    ${logged.length} warning or error lines${logged.length > 0 ? `, the first: ${logged[0]?.slice(0, 300)}` : ''}`,
    ].join('\n'),
  );
} finally {
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}
