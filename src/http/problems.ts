// Every error leaves as RFC 9457 problem details (application/problem+json): validation issues are
// listed for 400s, and the details of server errors are logged, never sent.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { PROBLEM_LIMITS, type Problem } from '../schemas/common.js';
import { InvalidCursorError, StoreFullError, StoreUnavailableError } from '../store/news-store.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** A full database is logged once a minute at most, with the writes refused since: not a stack per request. */
const FULL_LOG_INTERVAL_MS = 60_000;

/** Shortens what a problem echoes of the request, so a huge request cannot make a huge answer. */
export function clip(s: string, max: number = PROBLEM_LIMITS.text): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

export function sendProblem(reply: FastifyReply, status: number, detail?: string, extra: Partial<Problem> = {}) {
  const problem: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail: clip(detail) }),
    instance: clip(reply.request.url),
    ...extra,
  };
  return reply.code(status).type('application/problem+json').send(problem);
}

/**
 * Errors Fastify raises before routing (a malformed percent-encoding, a path segment longer than the
 * router's limit): problem+json 400s like every other bad request, not Fastify's own JSON.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, 400, 'a path segment is too long');
  if (err.code === 'FST_ERR_BAD_URL') return sendProblem(reply, 400, 'the URL is not validly percent-encoded');
  reply.log.error({ err }, 'request failed before routing');
  return sendProblem(reply, 500, 'an unexpected error occurred; it has been logged');
}

export function registerProblemHandlers(app: FastifyInstance) {
  let fullLogged = Number.NEGATIVE_INFINITY;
  let fullRefused = 0;
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const all = err.validation.flatMap((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        // Name each unknown key rather than the object that holds it.
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        return unknown
          ? unknown.map((key) => ({ in: where, path: path ? `${path}.${key}` : key, message: 'unknown parameter' }))
          : [{ in: where, path, message: v.message ?? 'invalid' }];
      });
      // A body with thousands of unknown keys gets the first few named, not thousands back.
      const errors = all.slice(0, PROBLEM_LIMITS.errors).map((e) => ({
        in: clip(e.in, PROBLEM_LIMITS.title),
        path: clip(e.path, PROBLEM_LIMITS.path),
        message: clip(e.message, PROBLEM_LIMITS.message),
      }));
      const more = all.length - errors.length;
      const listed = errors.map((e) => `${e.path || where}: ${e.message}`).join('; ');
      return sendProblem(reply, 400, `invalid ${where}: ${listed}${more > 0 ? `; and ${more} more` : ''}`, {
        errors,
      });
    }
    if (err instanceof InvalidCursorError) {
      return sendProblem(reply, 400, err.message, {
        errors: [{ in: 'querystring', path: err.parameter, message: err.message }],
      });
    }
    if (err instanceof StoreFullError) {
      fullRefused++;
      if (Date.now() - fullLogged >= FULL_LOG_INTERVAL_MS) {
        request.log.error(
          { refused: fullRefused },
          'the database has no space left: writes answer 507 until space is freed',
        );
        fullLogged = Date.now();
        fullRefused = 0;
      }
      return sendProblem(reply, 507, err.message);
    }
    if (err instanceof StoreUnavailableError) {
      reply.header('retry-after', '1');
      return sendProblem(reply, 503, err.message);
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return sendProblem(
        reply,
        status,
        status === 500 ? 'an unexpected error occurred; it has been logged' : undefined,
      );
    }
    // Fastify's own client errors (body too large, bad content type, malformed JSON) carry a safe message.
    return sendProblem(reply, status, err.message);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`),
  );
}
