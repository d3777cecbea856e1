// Admission for costly work that anyone may ask for (POST /extract): at most `concurrency` jobs run,
// at most `queueMax` wait, and the rest are turned away at once, so a burst costs a bounded amount of
// memory and CPU and its callers learn early that they should come back later.

export class GateFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many texts are waiting to be analysed; retry later');
  }
}

export interface Gate {
  /**
   * Runs `job` once a slot is free. Rejects with GateFullError when the queue is full, and with the
   * signal's reason when it is aborted while waiting (the job never starts) or running (the job is
   * given the signal, to stop if it can).
   */
  run<T>(signal: AbortSignal, job: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Jobs running and waiting. */
  readonly load: { running: number; waiting: number };
}

export function createGate(concurrency: number, queueMax: number): Gate {
  const waiting: (() => void)[] = [];
  let running = 0;

  const next = () => {
    while (running < concurrency && waiting.length > 0) (waiting.shift() as () => void)();
  };

  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    run(signal, job) {
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const start = () => {
          signal.removeEventListener('abort', onAbort);
          running++;
          job(signal)
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        };
        const onAbort = () => {
          const at = waiting.indexOf(start);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal.reason);
        };
        if (running < concurrency) return start();
        if (waiting.length >= queueMax) {
          // Each job ahead is one analysis of up to EXTRACT_MAX_BYTES: about a second.
          return reject(new GateFullError(Math.max(1, Math.ceil((running + waiting.length) / concurrency))));
        }
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.push(start);
      });
    },
  };
}
