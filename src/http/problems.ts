// Every error leaves as RFC 9457 problem details (application/problem+json): validation issues are
// listed for 400s, and the details of server errors are logged, never sent.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROBLEM_LIMITS, type Problem } from '../schemas/common.js';
import { refusalLog } from '../service/refused-writes.js';
import { InvalidCursorError, StoreFullError, StoreReadOnlyError, StoreUnavailableError } from '../store/news-store.js';

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

/** Shortens what a problem echoes of the request, so a huge request cannot make a huge answer. */
export function clip(s: string, max: number = PROBLEM_LIMITS.text): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Query parameters that look like a credential. The API takes its key only in the Authorization
 * header, but clients do put keys in URLs; such a value is never echoed in an answer nor logged.
 */
const SECRET_PARAM = /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|secret|password|passwd)$/i;

/** The URL with the values of credential-like query parameters replaced by `REDACTED`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed name is compared as sent.
      }
      return eq >= 0 && SECRET_PARAM.test(name.trim()) ? `${rawName}=REDACTED` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/** The request as the log shows it: Fastify's default fields, with credentials taken out of the URL. */
export function logRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function sendProblem(reply: FastifyReply, status: number, detail?: string, extra: Partial<Problem> = {}) {
  const problem: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail: clip(detail) }),
    instance: clip(redactUrl(reply.request.url)),
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

/**
 * From the start of a graceful close, a request that still arrives (on a connection already open) is
 * answered 503 with `Connection: close`, so the client retries elsewhere; those in flight finish.
 */
export function refuseWhileClosing(app: FastifyInstance) {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close').header('retry-after', '1');
    return sendProblem(reply, 503, 'the server is shutting down; retry');
  });
}

/** The media types the route's body may be sent as: those its schema lists, else those the app parses. */
function acceptedMediaTypes(request: FastifyRequest): string[] {
  const schema = request.routeOptions.schema as { body?: { content?: object }; consumes?: string[] } | undefined;
  const content = schema?.body && !(schema.body instanceof z.ZodType) ? schema.body.content : undefined;
  if (content) return Object.keys(content);
  return schema?.consumes ?? ['application/json', 'text/plain'];
}

/** Whether the query parameter is refused even when its one value repeats (a list parameter is not). */
function takesOneValue(request: FastifyRequest, name: string, value: unknown): boolean {
  const schema = request.routeOptions.schema?.querystring;
  const field = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>)[name] : undefined;
  return field !== undefined && !field.safeParse([value, value]).success;
}

export function registerProblemHandlers(app: FastifyInstance) {
  const noteRefusal = refusalLog();
  const logRefused = (request: FastifyRequest, message: string) =>
    noteRefusal(message, (refused) => request.log.error({ refused }, message));
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      // A body has fields; a query string, a path and headers have parameters.
      const unknownKey = where === 'body' ? 'unknown field' : 'unknown parameter';
      const query = (where === 'querystring' ? request.query : {}) as Record<string, unknown>;
      const issues = err.validation.flatMap((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        // Name each unknown key rather than the object that holds it.
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (unknown)
          return unknown.map((key) => ({ in: where, path: path ? `${path}.${key}` : key, message: unknownKey }));
        // A parameter given twice arrives as an array; saying so beats "expected string, received array".
        const given = query[path];
        if (Array.isArray(given) && takesOneValue(request, path, given[0])) {
          return [{ in: where, path, message: `given ${given.length} times; this parameter takes one value` }];
        }
        return [{ in: where, path, message: v.message ?? 'invalid' }];
      });
      // One entry per fault: a schema can report the same one twice (a union, a refinement over a check).
      const seen = new Set<string>();
      const all = issues.filter((e) => {
        const key = `${e.path}\u0000${e.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
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
      logRefused(request, 'the database has no space left: writes answer 507 until space is freed');
      return sendProblem(reply, 507, err.message);
    }
    if (err instanceof StoreReadOnlyError) {
      logRefused(request, 'the database is read-only: writes answer 503 until it is writable again');
      // no Retry-After: unlike a busy lock, this lasts until an operator acts
      return sendProblem(reply, 503, err.message);
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
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const accepted = acceptedMediaTypes(request);
      // RFC 9110 §15.5.16: a 415 for the wrong Content-Type says which ones would do.
      if (request.method === 'POST') reply.header('accept-post', accepted.join(', '));
      const sent = request.headers['content-type'] ?? 'none';
      return sendProblem(
        reply,
        415,
        `Content-Type ${clip(sent, 100)} is not accepted here; send ${accepted.join(' or ')}`,
      );
    }
    // Fastify's own client errors (body too large, malformed JSON) carry a safe message.
    return sendProblem(reply, status, err.message);
  });

  // The routes, to tell a path that does not exist (404) from a method the path does not have (405).
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'OPTIONS');
    // CORS answers OPTIONS on every path; that says nothing about which paths exist.
    if (methods.length === 0 || route.url === '*' || route.url === '/*') return;
    const pattern = route.url
      .split('/')
      .map((part) =>
        part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    routes.push({ pattern: new RegExp(`^${pattern}/?$`), methods });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
    if (allowed.size > 0 && !allowed.has(request.method)) {
      const allow = [...allowed].sort();
      reply.header('allow', allow.join(', '));
      return sendProblem(
        reply,
        405,
        `${request.method} is not allowed on ${clip(path, 200)}; allowed: ${allow.join(', ')}`,
      );
    }
    return sendProblem(reply, 404, `no route ${request.method} ${path}`);
  });
}
