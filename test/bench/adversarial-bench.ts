// How extraction copes with hostile texts (`npm run bench:adversarial`): POST /extract is public, so a
// text built to make some step quadratic must not buy minutes of CPU. Each case is analysed (the whole
// of analyseArticle, as POST /extract runs it) at 64 KiB, 256 KiB and 1 MiB on this thread, printing
// the CPU seconds per MiB at each size and the growth of the time from the smallest size to the
// largest divided by the growth of the size (1.0 is linear; 4.0 at a 16x size step is quadratic).
// The target is under 3 s of CPU per MiB for every case. Each figure is the median of BENCH_RUNS runs
// (3) after every case has run BENCH_WARMUP times (3) at the smallest size: a server analyses many
// texts, and a single 16 KiB warm-up left the JIT still compiling through the 64 KiB column (one case
// measured 5.1, 4.7, 1.9 and 2.6 s/MiB in four runs in a row). BENCH_SIZES_KIB overrides the sizes
// (comma-separated); BENCH_CASES picks cases by name.
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import { loadDefaultExtractor } from '../../src/extract/extractor.js';
import { CASES } from './adversarial-cases.js';

const KIB = 1024;
const MIB = 1024 * KIB;

function cpuSeconds(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function main() {
  const sizes = (process.env.BENCH_SIZES_KIB ?? '64,256,1024').split(',').map((s) => Number(s) * KIB);
  const only = process.env.BENCH_CASES?.split(',').map((s) => s.trim());
  const extractor = loadDefaultExtractor();
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const warmup = Number(process.env.BENCH_WARMUP ?? 3);
  const cases = Object.entries(CASES).filter(([name]) => !only || only.includes(name));
  // Warm the JIT, so the smallest size is not charged for compiling.
  for (let i = 0; i < warmup; i++)
    for (const [, make] of cases) analyseArticle(make(sizes[0] as number), {}, extractor);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

  const header = ['case', ...sizes.map((s) => `s/MiB @${s / KIB}K`), 'growth', 'worst s/MiB'];
  console.log(header.join('\t'));
  let worst = 0;
  for (const [name, make] of cases) {
    const perMib = sizes.map((bytes) => {
      const text = make(bytes);
      const times = Array.from({ length: runs }, () => cpuSeconds(() => analyseArticle(text, {}, extractor)));
      return median(times) / (bytes / MIB);
    });
    // Seconds per MiB at the largest size over those at the smallest: 1 is linear.
    const growth = (perMib.at(-1) as number) / (perMib[0] as number);
    const caseWorst = Math.max(...perMib);
    worst = Math.max(worst, caseWorst);
    console.log([name, ...perMib.map((x) => x.toFixed(2)), growth.toFixed(2), caseWorst.toFixed(2)].join('\t'));
  }
  console.log(`worst: ${worst.toFixed(2)} s of CPU per MiB (target under 3); medians of ${runs} runs`);
}

main();
