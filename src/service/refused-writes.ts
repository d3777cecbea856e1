/**
 * A database that refuses writes (full, read-only) stays so until an operator acts: each condition is
 * logged once a minute at most, with the writes refused since, instead of a line (and a stack) per
 * refused write, which would fill the log, and on a full disk the disk.
 */
export const REFUSED_LOG_INTERVAL_MS = 60_000;

/** `note(message, write)`: counts a refusal of the condition `message` and calls `write` when it is due. */
export function refusalLog(intervalMs: number = REFUSED_LOG_INTERVAL_MS, now: () => number = Date.now) {
  // per condition: when it was last logged, and the writes refused since
  const refusals = new Map<string, { logged: number; refused: number }>();
  return (message: string, write: (refused: number) => void) => {
    const seen = refusals.get(message) ?? { logged: Number.NEGATIVE_INFINITY, refused: 0 };
    refusals.set(message, seen);
    seen.refused++;
    if (now() - seen.logged < intervalMs) return;
    write(seen.refused);
    seen.logged = now();
    seen.refused = 0;
  };
}
