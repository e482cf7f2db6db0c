// Browser sessions (issue 11). POST /api/session with `Authorization: Bearer <API key>` (checked, rate-limited and
// logged by the auth plugin like any key) opens a session and sets it as an HttpOnly, SameSite=Strict cookie, so a
// page never holds the key after signing in; signing in again on the same browser ends the session its cookie
// carried. GET (public) says whose session the cookie is, if any; DELETE signs out. Another way to prove who one is
// (a password, eGov/ЭЦП) only needs another route that calls openSession with its own `via`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { closeSession, openSession, sessionUser } from '../../storage/sessions.ts';
import { USER_ROLES } from '../../storage/users.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, cookieOf, HttpError, PUBLIC, SESSION_COOKIE, userOf } from '../plugins/auth.ts';

const everyone = allow(...USER_ROLES);
const str = { type: 'string' } as const;
const sessionInfo = {
  type: 'object',
  properties: {
    user: { type: ['object', 'null'], properties: { id: str, name: str, role: str }, required: ['id', 'name', 'role'] },
    via: { type: ['string', 'null'], enum: ['session', null] },
    expiresAt: { type: ['string', 'null'] },
  },
  required: ['user', 'via', 'expiresAt'],
} as const;

export default async function sessionRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, config } = deps;
  const secure = (req: FastifyRequest) => req.protocol === 'https' || (config.publicBaseUrl ?? '').startsWith('https:');
  const setCookie = (req: FastifyRequest, reply: FastifyReply, value: string, maxAgeS: number) =>
    reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure(req) ? '; Secure' : ''}`);

  app.post('/api/session', { config: everyone, schema: { response: withErrors(sessionInfo) } }, async (req, reply) => {
    const user = userOf(req);
    // the auth plugin checked the key (rate-limited, logged); a session cannot open another session
    if (!req.keyRowId) throw new HttpError(400, 'bad_request', 'already signed in: a session is opened with an API key (Authorization: Bearer <key>)');
    // the cookie this browser still carries is about to be overwritten: end its session rather than leave it open
    const previous = cookieOf(req.headers.cookie, SESSION_COOKIE);
    if (previous) await closeSession(db, previous, 'replaced');
    const s = await openSession(db, { userId: user.id, via: 'api_key', keyRowId: req.keyRowId, hours: config.sessionHours, ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });
    setCookie(req, reply, s.token, config.sessionHours * 3600).header('cache-control', 'no-store');
    req.log.info({ userId: user.id, role: user.role, ip: req.ip }, 'session opened');
    return { user, via: 'session' as const, expiresAt: s.expiresAt };
  });

  // public, so a page can ask "am I signed in?" without an error in its console: the cookie's session, or user null
  app.get('/api/session', { config: PUBLIC, schema: { response: withErrors(sessionInfo) } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const token = cookieOf(req.headers.cookie, SESSION_COOKIE);
    const s = token ? await sessionUser(db, token) : null;
    return s ? { user: { id: s.id, name: s.name, role: s.role }, via: 'session' as const, expiresAt: s.expiresAt } : { user: null, via: null, expiresAt: null };
  });

  app.delete('/api/session', { config: everyone, schema: { response: withErrors({ type: 'object', properties: { closed: { type: 'boolean' } }, required: ['closed'] }) } }, async (req, reply) => {
    const token = cookieOf(req.headers.cookie, SESSION_COOKIE);
    const closed = req.sessionId && token ? await closeSession(db, token) : false;
    setCookie(req, reply, '', 0).header('cache-control', 'no-store');
    return { closed };
  });
}
