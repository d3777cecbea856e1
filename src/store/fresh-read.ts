// Reads that many concurrent callers can share without any of them seeing a stale answer. A caller
// never joins a read already under way (it may have begun before a write the caller has seen): it
// waits for the next one, which begins after the current one ends and serves everyone who arrived in
// the meantime. So every answer comes from a read that began after its caller asked, and under load
// the database sees about one read per round trip instead of one per caller.

/** `read`, shared between concurrent callers as above. */
export function sharedFreshRead<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const start = () => {
    const p = read();
    current = p;
    const done = () => {
      if (current === p) current = undefined;
    };
    p.then(done, done);
    return p;
  };
  return () => {
    if (!current) return start();
    next ??= current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}
