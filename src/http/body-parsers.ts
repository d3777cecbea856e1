// Request bodies are decoded strictly: invalid UTF-8 is a 400, never silently replaced (the text
// is stored as received and offsets index into it), and JSON with __proto__ or constructor keys
// is refused rather than risk prototype pollution.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { decodeUtf8 } from '../text/utf8.js';
import { clip, sendProblem } from './problems.js';

class BadBodyError extends Error {
  statusCode = 400;
}

function decode(body: Buffer): string {
  const text = decodeUtf8(body);
  if (text === null) throw new BadBodyError('the body is not valid UTF-8');
  return text;
}

export function registerBodyParsers(app: FastifyInstance) {
  // Request bodies are taken as sent: no Content-Encoding is decoded (a gzip body would otherwise be
  // read as text, and refused as invalid UTF-8 at best). RFC 9110 §15.5.16: 415, and Accept-Encoding
  // says what would do.
  app.addHook('preParsing', async (request, reply, payload) => {
    const coding = request.headers['content-encoding']?.trim().toLowerCase();
    if (coding && coding !== 'identity') {
      reply.header('accept-encoding', 'identity');
      return sendProblem(
        reply,
        415,
        `Content-Encoding ${clip(coding, 64)} is not supported: send the body uncompressed (identity)`,
      );
    }
    return payload;
  });
  app.removeContentTypeParser(['text/plain', 'application/json']);
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decode(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      const text = decode(body as Buffer);
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      done(
        err instanceof BadBodyError ? err : new BadBodyError(`the body is not valid JSON: ${(err as Error).message}`),
        undefined,
      );
    }
  });
}
