// API keys for writes: `Authorization: Bearer <key>`. Keys are compared as SHA-256 digests in
// constant time, so neither a key's length nor its prefix leaks through timing. No key configured
// means every write is refused.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problems.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function requireApiKey(keys: string[]) {
  const digests = keys.map(digest);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    const presented = match?.[1];
    let ok = false;
    if (presented !== undefined) {
      const d = digest(presented);
      // Compare with every key, not stopping at the first match.
      for (const k of digests) ok = timingSafeEqual(d, k) || ok;
    }
    if (ok) return;
    reply.header('www-authenticate', 'Bearer');
    return sendProblem(
      reply,
      401,
      digests.length === 0
        ? 'writes are disabled: this server has no API key configured (set API_KEYS)'
        : presented === undefined
          ? 'send an API key as `Authorization: Bearer <key>`'
          : 'the API key is not valid',
    );
  };
}
