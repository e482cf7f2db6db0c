// What JSON schemas cannot refuse, refused before any handler runs (issue 12, hostile input):
// - a NUL character in any string of the path, query or body: PostgreSQL text cannot hold U+0000, so it used to
//   reach the database and answer 500;
// - a number that is not finite: ajv coerces "1e400" or "Infinity" in a query to Infinity and then skips its
//   integer and maximum checks for it (ajv 8 with coerceTypes), so `?after=1e400` reached SQL as 'Infinity'.
// Plus the router's own refusals (a malformed %-escape, an over-long path parameter) answered in the API's one
// error shape {error, message} instead of Fastify's default.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './auth.ts';

/** The first value that may not reach a handler, as "where: what", or null. Iterative: bodies may nest deeply. */
export function hostileValue(root: unknown, name: string): string | null {
  const stack: Array<[unknown, string]> = [[root, name]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return `${at}: contains a NUL character`;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${at}: must be a finite number`;
    } else if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      continue; // a raw body (a CSV upload, a file): its bytes are the route's to check
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, `${at}[${i}]`]));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${at}: a key contains a NUL character`;
        stack.push([x, `${at}.${k}`]);
      }
    }
  }
  return null;
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (req) => {
    const bad = hostileValue(req.params, 'params') ?? hostileValue(req.query, 'querystring') ?? hostileValue(req.body, 'body');
    if (bad) throw new HttpError(400, 'bad_request', bad);
  });
}

/** Fastify's `frameworkErrors`: the router's refusals in the API's error shape, without echoing a huge path back. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const path = (req.url ?? '').split('?')[0]!;
  void reply.status(tooLong ? 414 : 400).send({
    error: tooLong ? 'uri_too_long' : 'bad_request',
    message: tooLong ? 'a path parameter is longer than the API allows' : `not a valid URL path: ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`,
  });
}
