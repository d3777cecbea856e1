// A TCP relay to a server (PostgreSQL here) on a port of its own, which a test can cut as a network
// or database outage would: every connection through it closed at once, new ones refused.
import { createConnection, createServer, type Socket } from 'node:net';

export async function tcpRelay(host: string, port: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  return {
    /** `url` with its host and port replaced by the relay's. */
    through(url: string): string {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(address.port);
      return u.toString();
    },
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** A relay to the host and port of a postgres:// URL. */
export function relayTo(url: string) {
  const u = new URL(url);
  return tcpRelay(u.hostname, Number(u.port || 5432));
}
