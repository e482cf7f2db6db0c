// Who may call each route, and the one check that enforces it. Every route declares `config.policy`: 'public', or
// the roles allowed (`allow(...)`); a route without one is refused at registration. For a non-public route the check
// runs first (onRequest, before the body is parsed or validated): API key (`Authorization: Bearer <key>`) → user →
// role. Failed authentications are limited per client address (AUTH_FAILURES_PER_MINUTE; then 429 for every
// authenticated request from it until the window ends) and each one is logged with the address, the route and the
// first characters of the key, never the key.
// A browser may instead carry a session cookie (SESSION_COOKIE, opened by POST /api/session after the key was checked
// here): used only when no Authorization header is sent; a state-changing request on a session must also carry
// `x-kuzet-csrf: 1` (a header no other site can make a browser send without our CORS consent, which we never give).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AppConfig } from '../../config/schema.ts';
import type { Db } from '../../storage/db.ts';
import type { DecisionVia } from '../../registry/errors.ts';
import { sessionUser } from '../../storage/sessions.ts';
import { authenticate, keyHash, USER_ROLES, type User, type UserRole } from '../../storage/users.ts';

/** 'public', or the roles that may call the route. */
export type RoutePolicy = 'public' | readonly UserRole[];
export interface RoutePolicyEntry {
  method: string;
  url: string;
  policy: RoutePolicy;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** the id of the key the request authenticated with (first 16 hex of its SHA-256), for audit rows */
    keyId: string | null;
    /** set when the request authenticated with a session cookie instead of a key */
    sessionId: string | null;
    /** the api_keys row of the key the request carried (null on a session): a session opened now is tied to it */
    keyRowId: string | null;
  }
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyInstance {
    routePolicies: RoutePolicyEntry[];
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

/** The session cookie's name (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'kuzet_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One cookie's value from a Cookie header, or null (no parser plugin for one cookie; the first occurrence wins). */
export function cookieOf(header: string | undefined, name: string): string | null {
  if (!header || header.length > 8192) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** Route config of a route anyone may call. */
export const PUBLIC = { policy: 'public' } as const;
/** Route config of a route only these roles may call. */
export const allow = (...roles: UserRole[]) => ({ policy: roles as readonly UserRole[] });

/** Every registered route with its declared policy (HEAD routes included), in registration order. */
export const routePolicies = (app: FastifyInstance): readonly RoutePolicyEntry[] => app.routePolicies;

/** At most a third of what was presented, and at most 6 characters: enough to tell attempts apart, never the key. */
const keyPrefix = (token: string) => token.slice(0, Math.min(6, Math.floor(token.length / 3)));

export function installAuth(app: FastifyInstance, deps: { db: Db; config: Pick<AppConfig, 'authFailuresPerMinute'> }): void {
  const limiter = app.createRateLimit({ max: deps.config.authFailuresPerMinute, timeWindow: 60_000 });
  /** this address's failures in the current window: counts one more when `count` */
  const failures = async (req: FastifyRequest, count: boolean) => {
    const s = await limiter(req, { increment: count });
    return s.isAllowed ? { exceeded: false, remaining: Infinity, ttlS: 0 } : { exceeded: s.isExceeded, remaining: s.remaining, ttlS: s.ttlInSeconds };
  };
  const table: RoutePolicyEntry[] = [];
  app.decorate('routePolicies', table);
  app.decorateRequest('user', null);
  app.decorateRequest('keyId', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('keyRowId', null);

  const tooMany = (reply: FastifyReply, ttlSeconds: number) => {
    reply.header('retry-after', Math.max(1, ttlSeconds));
    return new HttpError(429, 'rate_limited', `too many failed authentications from this address: retry in ${Math.max(1, ttlSeconds)} s`);
  };

  async function authorize(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const policy = req.routeOptions.config.policy;
    if (policy === 'public') return;
    if (!policy) throw new Error(`route ${req.method} ${req.routeOptions.url} reached without a policy`);
    const header = req.headers.authorization;
    if (header === undefined) {
      const token = cookieOf(req.headers.cookie, SESSION_COOKIE);
      if (token === null) throw new HttpError(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>');
      const s = await sessionUser(deps.db, token);
      if (!s) throw new HttpError(401, 'session_ended', 'the session has ended (signed out, expired, or its key was revoked): sign in again');
      if (!SAFE_METHODS.has(req.method) && req.headers['x-kuzet-csrf'] !== '1') throw new HttpError(403, 'csrf', 'a request changing data through a session needs the header x-kuzet-csrf: 1');
      if (!policy.includes(s.role)) throw new HttpError(403, 'forbidden', `this route needs one of the roles: ${policy.join(', ')}`);
      req.user = { id: s.id, name: s.name, role: s.role };
      req.keyId = s.keyId;
      req.sessionId = s.sessionId;
      return;
    }
    const before = await failures(req, false);
    if (before.exceeded) throw tooMany(reply, before.ttlS);
    const m = /^(\S+)\s+(\S+)\s*$/.exec(header);
    const bearer = m && m[1]!.toLowerCase() === 'bearer' ? m[2]! : null;
    const found = bearer ? await authenticate(deps.db, bearer) : null;
    if (!found) {
      const after = await failures(req, true);
      req.log.warn(
        { ip: req.ip, method: req.method, route: req.routeOptions.url, scheme: m?.[1] ?? null, keyPrefix: keyPrefix(m?.[2] ?? header), remaining: after.remaining },
        'authentication failed',
      );
      if (after.exceeded) {
        req.log.warn({ ip: req.ip, limit: deps.config.authFailuresPerMinute, retryAfterS: after.ttlS }, 'client locked out after failed authentications');
        throw tooMany(reply, after.ttlS);
      }
      throw new HttpError(401, 'unauthorized', bearer ? 'unknown, revoked or disabled API key' : 'an API key is required: Authorization: Bearer <key>');
    }
    if (!policy.includes(found.user.role)) throw new HttpError(403, 'forbidden', `this route needs one of the roles: ${policy.join(', ')}`);
    req.user = found.user;
    req.keyId = keyHash(bearer!).slice(0, 16);
    req.keyRowId = found.keyRowId;
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const policy = route.config?.policy;
    const name = `${[route.method].flat().join(',')} ${route.url}`;
    if (policy === undefined) throw new Error(`route ${name} declares no policy: add config: PUBLIC or config: allow(...roles) (api/plugins/auth.ts)`);
    if (policy !== 'public' && (!policy.length || policy.some((r) => !USER_ROLES.includes(r)))) throw new Error(`route ${name}: bad policy ${JSON.stringify(policy)}`);
    for (const method of [route.method].flat()) table.push({ method, url: route.url, policy });
    if (policy !== 'public') route.onRequest = [...[route.onRequest ?? []].flat(), authorize];
  });
}

export const userOf = (req: FastifyRequest): User => {
  if (!req.user) throw new Error('route reached without authentication');
  return req.user;
};

/** How a decision taken through this request reached us (its audit row records it). */
export const viaOf = (req: FastifyRequest): DecisionVia => ({ channel: 'api', keyId: req.keyId });

