// How long POST /extract holds the event loop (`npx tsx test/bench/extract-loop-time.ts`): one analysis
// thread, the 1 MiB text of bench:extract-load, and per request the event loop's active time
// (performance.eventLoopUtilization) from asking to having the answer's JSON. Two ways, alternating
// BENCH_RUNS (5) times each: the draft sent back and the answer serialised on this thread
// (pool.analyse, then extractionJson), and the answer made on the analysis thread (pool.extract, what
// the route does). Prints the medians.
import { performance } from 'node:perf_hooks';
import { loadDefaultExtractor } from '../../src/extract/extractor.js';
import { extractionJson } from '../../src/http/extraction.js';
import { createAnalysisPool } from '../../src/service/analysis-pool.js';

const MIB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// EXTRACT_MAX_MENTIONS' default: what the route answers at most.
const MAX_SPANS = 5000;
const unit = '"Hello," said John Smith, who met Maria Lopez of Acme Corp in Paris. ';
const BIG = `Headline\n\n${unit.repeat(Math.ceil(MIB / unit.length))}`.slice(0, MIB);

async function main() {
  const pool = createAnalysisPool(1, loadDefaultExtractor());
  const busy = async (fn: () => Promise<unknown>) => {
    const start = performance.eventLoopUtilization();
    await fn();
    return performance.eventLoopUtilization(start).active;
  };
  const here = async () => extractionJson(await pool.analyse(BIG, {}, { priority: 'public' }), MAX_SPANS);
  const there = () => pool.extract(BIG, { maxSpans: MAX_SPANS, priority: 'public' });
  try {
    await here();
    await there();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await busy(here));
      b.push(await busy(there));
    }
    const median = (xs: number[]) => (xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number).toFixed(1);
    console.log(`event-loop active ms per 1 MiB extract, median of ${RUNS} alternating runs:`);
    console.log(`  draft sent back, answer serialised on the event loop: ${median(a)}`);
    console.log(`  answer made on the analysis thread (POST /extract):   ${median(b)}`);
  } finally {
    await pool.close();
  }
}
void main();
