// The load generator of `npm run bench`, run as its own process (never in the server's): autocannon
// against one route for a warm-up, then for the measured duration; the figures go back to the parent
// over IPC. The requests cycle over the given paths (and headers), prebuilt, so the generator does no
// per-request work beyond autocannon's own.
import { createRequire } from 'node:module';

export interface LoadSpec {
  url: string;
  connections: number;
  warmup: number;
  duration: number;
  requests: { path: string; headers?: Record<string, string> }[];
  /** The status every response should have. */
  expect: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  /** Responses whose status is not `expect`, plus connection errors (timeouts included). */
  unexpected: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** The connection errors by kind (their code or message), so a failure says what it was. */
  errorKinds: Record<string, number>;
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  duration: number;
}

type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: AutocannonResult) => void,
) => { on: (e: 'reqError', f: (err: Error & { code?: string }) => void) => void };

// autocannon is CommonJS without bundled typings: load it through require with the slice of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function run(spec: LoadSpec, duration: number, errorKinds: Record<string, number> = {}): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration,
        requests: spec.requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers ?? {} })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('reqError', (err) => {
      const kind = err.code ?? err.message;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    });
  });
}

process.once('message', async (spec: LoadSpec) => {
  try {
    if (spec.warmup > 0) await run(spec, spec.warmup);
    const errorKinds: Record<string, number> = {};
    const r = await run(spec, spec.duration, errorKinds);
    const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    const expected = statuses[String(spec.expect)] ?? 0;
    const result: LoadResult = {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total,
      // autocannon counts a timeout among the errors too.
      unexpected: total - expected + r.errors,
      statuses,
      errors: r.errors,
      timeouts: r.timeouts,
      errorKinds,
    };
    process.send?.({ ok: true, result });
  } catch (err) {
    process.send?.({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
  process.disconnect?.();
});
