// The one error handler: 4xx answers say what was wrong; 5xx answers hide details (they go to the log).
import type { FastifyError, FastifyInstance } from 'fastify';
import { DecisionError } from '../../registry/errors.ts';
import { HttpError } from './auth.ts';

const DECISION_STATUS = { not_found: 404, conflict: 409, forbidden: 403 } as const;

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode ?? 500;
    let code = err.code ?? 'error';
    if (err instanceof HttpError) code = err.code;
    if (err instanceof DecisionError) {
      status = DECISION_STATUS[err.code];
      code = err.code;
    }
    if (err.validation) code = 'bad_request';
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(status).send({ error: 'internal_error', message: 'Internal Server Error' });
    }
    return reply.status(status).send({ error: code, message: err.message });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));
}
