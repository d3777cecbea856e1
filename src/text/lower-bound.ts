// The one binary search. Every sorted lookup in the code base (a token at an offset, a region holding a
// position, a hash in a table) is "the first index where a monotone test stops holding"; written once,
// the off-by-ones are settled once.

/**
 * The first index in [0, count) for which `before(i)` is false, or `count` when it holds everywhere.
 * `before` must hold for a prefix of the indices and not after it (e.g. `xs[i] < target` on sorted xs).
 */
export function lowerBound(count: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
