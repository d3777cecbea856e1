// A webhook receiver for tests: a node http server on a port of its own that records every request
// and answers with the statuses it is given.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on a port of its own (`port`, or any free one), answering each request with the
 * next of `statuses` (then 200).
 */
export async function receiver(statuses: number[] = [], port = 0) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      // 0: never answer (a receiver that hangs).
      if (status !== 0) res.writeHead(status).end('a body nobody reads');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const listening = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${listening}/hook`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
