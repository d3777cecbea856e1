// Whether public extraction starves reads (`npm run bench:extract-load`): the server (src/server.ts
// under tsx, SQLite, one analysis thread, EXTRACT_MAX_BYTES raised to take 1 MiB texts) is measured
// with autocannon on GET /articles/:id, first idle, then while BENCH_EXTRACT_CLIENTS clients (default
// 4) each post a 1 MiB text to POST /extract, again and again. Prints both p99s side by side and their
// ratio (target: under 2). BENCH_DURATION seconds a measure (default 8, after 2 of warm-up);
// BENCH_CONNECTIONS autocannon connections (default 10). About 40 s in all.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from '../../src/cli/bench/load.js';
import { startServer } from '../../src/cli/server-process.js';

const KEY = 'bench-key-0123456789abcdef';
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CLIENTS = Number(process.env.BENCH_EXTRACT_CLIENTS ?? 4);
const MIB = 1024 * 1024;

const ARTICLE =
  'Ministers meet in Oslo\nTalks on fishing quotas begin\n\nOSLO, Norway\n' +
  'Norwegian officials met ministers from Sweden and Denmark on Monday, the foreign ministry said.\n\n' +
  '"We expect an agreement this week," said Anna Berg, the Norwegian fisheries minister.\n';
// Quotes with a named speaker, many entities: among the costlier texts to analyse per byte.
const unit = '"Hello," said John Smith, who met Maria Lopez of Acme Corp in Paris. ';
const BIG = `Headline\n\n${unit.repeat(Math.ceil(MIB / unit.length))}`.slice(0, MIB);

function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('../../src/cli/bench/load.ts', import.meta.url)), [], {
      serialization: 'advanced',
      stdio: 'inherit',
    });
    child.once('message', (m: { ok: true; result: LoadResult } | { ok: false; error: string }) =>
      m.ok ? resolve(m.result) : reject(new Error(`autocannon: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`the load process exited with code ${code}`)));
    child.send(spec);
  });
}

async function main() {
  const server = await startServer({
    env: {
      API_KEYS: KEY,
      LOG_LEVEL: 'warn',
      ANALYSIS_THREADS: '1',
      BODY_LIMIT: String(2 * MIB),
      EXTRACT_MAX_BYTES: String(MIB + 1024),
    },
  });
  try {
    const created = await fetch(`${server.base}/articles`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${KEY}` },
      body: ARTICLE,
    });
    const { id } = (await created.json()) as { id: string };
    const spec: LoadSpec = {
      url: server.base,
      connections: CONNECTIONS,
      warmup: 2,
      duration: DURATION,
      requests: [{ path: `/articles/${id}` }],
      expect: 200,
    };
    const idle = await load(spec);

    let stop = false;
    const statuses: Record<string, number> = {};
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (!stop) {
        const res = await fetch(`${server.base}/extract`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: BIG,
        }).catch(() => null);
        const key = res ? String(res.status) : 'error';
        statuses[key] = (statuses[key] ?? 0) + 1;
        await res?.arrayBuffer();
        // A refused client waits as told, rather than hammering.
        if (res?.status === 503) await new Promise((r) => setTimeout(r, 1000));
      }
    });
    // Let the first analyses start before measuring.
    await new Promise((r) => setTimeout(r, 1000));
    const busy = await load(spec);
    stop = true;
    await Promise.all(clients);

    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(32)}${String(r.p50).padStart(8)}${String(r.p99).padStart(8)}${String(Math.round(r.rps)).padStart(9)}${String(r.unexpected).padStart(12)}`;
    console.log(`GET /articles/:id, ${CONNECTIONS} connections, ${DURATION} s each (ms)`);
    console.log(
      `${''.padEnd(32)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'req/s'.padStart(9)}${'unexpected'.padStart(12)}`,
    );
    console.log(row('idle', idle));
    console.log(row(`${CLIENTS} clients posting 1 MiB`, busy));
    console.log(`p99 ratio busy/idle: ${(busy.p99 / Math.max(1, idle.p99)).toFixed(2)} (target under 2)`);
    console.log(`POST /extract answers meanwhile: ${JSON.stringify(statuses)}`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
