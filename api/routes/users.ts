// Admin API for people and keys: list users, list a user's keys (never the keys themselves), revoke a key, disable a
// user. Both take effect at the next request and are audited with the admin as actor.
import type { FastifyInstance } from 'fastify';
import { disableUser, listKeys, listUsers, revokeKey } from '../../storage/users.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError, userOf } from '../plugins/auth.ts';

const str = { type: 'string' } as const;
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] } as const;
const userItem = {
  type: 'object',
  properties: { id: str, name: str, role: str, createdAt: str, disabled: { type: 'boolean' } },
  required: ['id', 'name', 'role', 'createdAt', 'disabled'],
} as const;
const keyItem = {
  type: 'object',
  properties: { id: str, label: { type: ['string', 'null'] }, createdAt: str, revokedAt: { type: ['string', 'null'] } },
  required: ['id', 'label', 'createdAt', 'revokedAt'],
  additionalProperties: false,
} as const;
const list = (item: object) => withErrors({ type: 'object', properties: { items: { type: 'array', items: item } }, required: ['items'] });

export default async function userRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db } = deps;
  const admin = allow('admin');

  app.get('/api/users', { config: admin, schema: { response: list(userItem) } }, async () => ({ items: await listUsers(db) }));

  app.get<{ Params: { id: string } }>('/api/users/:id/keys', { config: admin, schema: { params: idParams, response: list(keyItem) } }, async (req) => {
    const items = await listKeys(db, req.params.id);
    if (!items) throw new HttpError(404, 'not_found', `no user ${req.params.id}`);
    return { items };
  });

  app.post<{ Params: { id: string } }>('/api/users/:id/disable', {
    config: admin,
    schema: { params: idParams, response: withErrors({ type: 'object', properties: { id: str, name: str, role: str, disabled: { type: 'boolean' }, changed: { type: 'boolean' } }, required: ['id', 'disabled', 'changed'] }) },
  }, async (req) => {
    const actor = userOf(req);
    if (req.params.id === actor.id) throw new HttpError(409, 'conflict', 'an admin cannot disable themselves (ask another admin, or use kuzet users disable)');
    const out = await disableUser(db, { userId: req.params.id, actor: actor.id });
    if (!out) throw new HttpError(404, 'not_found', `no user ${req.params.id}`);
    req.log.info({ userId: out.id, by: actor.id, changed: out.changed }, 'user disabled');
    return out;
  });

  app.post<{ Params: { id: string } }>('/api/keys/:id/revoke', {
    config: admin,
    schema: { params: idParams, response: withErrors({ type: 'object', properties: { id: str, userId: str, revoked: { type: 'boolean' } }, required: ['id', 'userId', 'revoked'] }) },
  }, async (req) => {
    const actor = userOf(req);
    const out = await revokeKey(db, { keyId: req.params.id, actor: actor.id });
    if (!out) throw new HttpError(404, 'not_found', `no API key ${req.params.id}`);
    req.log.info({ keyId: out.id, userId: out.userId, by: actor.id, revoked: out.revoked }, 'API key revoked');
    return { id: out.id, userId: out.userId, revoked: out.revoked };
  });
}
