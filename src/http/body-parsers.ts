// Request bodies are decoded strictly: invalid UTF-8 is a 400, never silently replaced (the text
// is stored as received and offsets index into it), and JSON with __proto__ or constructor keys
// is refused rather than risk prototype pollution.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { decodeUtf8 } from '../text/utf8.js';

class BadBodyError extends Error {
  statusCode = 400;
}

function decode(body: Buffer): string {
  const text = decodeUtf8(body);
  if (text === null) throw new BadBodyError('the body is not valid UTF-8');
  return text;
}

export function registerBodyParsers(app: FastifyInstance) {
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
