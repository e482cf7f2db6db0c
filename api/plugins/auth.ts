// API-key authentication (`Authorization: Bearer <key>`) and role checks for write and investigator routes.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../../storage/db.ts';
import { authenticate, type User, type UserRole } from '../../storage/users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** preHandler: 401 without a valid key, 403 when the key's user lacks every one of `roles`. */
export function requireRole(db: Db, ...roles: UserRole[]): preHandlerAsyncHookHandler {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new HttpError(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>');
    const user = await authenticate(db, m[1]!);
    if (!user) throw new HttpError(401, 'unauthorized', 'unknown, revoked or disabled API key');
    if (!roles.includes(user.role)) throw new HttpError(403, 'forbidden', `this route needs one of the roles: ${roles.join(', ')}`);
    req.user = user;
  };
}

export const userOf = (req: FastifyRequest): User => {
  if (!req.user) throw new Error('route reached without authentication');
  return req.user;
};
