// Read-your-writes across API processes, for a store with read replicas (src/store/replicated-store.ts).
//
// A response to a write carries the primary's WAL position after it, the consistency token, twice:
// in the `Consistency-Token` header, for API clients to send back as the same request header, and in
// a short-lived cookie of the same value, which browsers send back by themselves. A request carrying
// a token (the later one when both come) is read from a replica only once that replica has replayed
// past it, and from the primary until then, whichever process receives it. The cookie lives as long as
// the token can matter: after the store's lag bound every replica it reads from has the write.
//
// Each request runs in its own session (AsyncLocalStorage, src/store/consistency.ts), entered in
// onRequest and again in preValidation: reading a body goes through stream events, which do not carry
// the context, so handlers of POST requests would otherwise run outside it. The store records its
// writes into the session; onSend turns them into the header and the cookie. A token that does not
// parse as a WAL position is ignored: a stale or mangled cookie must not break reads.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type ConsistencyScope, type ConsistencySession, newSession } from '../store/consistency.js';
import { isLsn, maxLsn } from '../store/lsn.js';

export const CONSISTENCY_HEADER = 'Consistency-Token';
export const CONSISTENCY_COOKIE = 'newswire_consistency';

/** The token a request carries, from its header and its cookie; undefined when it carries none that parses. */
export function tokenOf(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers[CONSISTENCY_HEADER.toLowerCase()];
  const fromHeader = (Array.isArray(header) ? header : [header]).map((h) => h?.trim()).find((h) => h && isLsn(h));
  let fromCookie: string | undefined;
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== CONSISTENCY_COOKIE) continue;
    const value = pair.slice(eq + 1).trim();
    if (isLsn(value)) fromCookie = maxLsn(fromCookie, value);
  }
  return maxLsn(fromHeader, fromCookie);
}

/**
 * Hands out `position` (the primary's, after a write made elsewhere: a worker's save) as this
 * request's consistency token, as if the request had written. Nothing without a scope (no replicas).
 */
export function handOutToken(scope: ConsistencyScope | undefined, position: string) {
  const session = scope?.current();
  if (session && isLsn(position)) session.written = maxLsn(session.written, position);
}

export function registerConsistency(app: FastifyInstance, scope: ConsistencyScope) {
  const sessions = new WeakMap<FastifyRequest, ConsistencySession>();
  const maxAge = Math.ceil(scope.tokenLifetimeMs / 1000);

  const enter = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    let session = sessions.get(request);
    if (!session) {
      session = newSession(tokenOf(request));
      sessions.set(request, session);
    }
    scope.run(session, done);
  };
  app.addHook('onRequest', enter);
  app.addHook('preValidation', enter);

  app.addHook('onSend', async (request, reply, payload) => {
    const written = sessions.get(request)?.written;
    if (written !== undefined) {
      reply.header(CONSISTENCY_HEADER, written);
      // Secure when the request came over https (request.protocol believes X-Forwarded-Proto only
      // under trustProxy); over plain http a Secure cookie would never come back.
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header(
        'set-cookie',
        `${CONSISTENCY_COOKIE}=${written}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax${secure}`,
      );
    }
    return payload;
  });
}
