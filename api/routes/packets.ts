// Takedown packets: streams the signed ZIP of a match from the blob store. Investigators and admins get any packet;
// a rights holder only those of matches of the films they are linked to (any other is "no packet": 404, so the
// answer does not tell whether the match exists).
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { withErrors, type RouteOpts } from '../deps.ts';
import { DECIDER_ROLES, holdsFilmOfMatch, isDecider } from '../../storage/users.ts';
import { findPacket } from '../../storage/packets.ts';
import { allow, HttpError, userOf } from '../plugins/auth.ts';

export default async function packetRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, blobs } = deps;
  app.get<{ Params: { matchId: string } }>(
    '/api/packets/:matchId',
    {
      config: allow(...DECIDER_ROLES, 'rights_holder'),
      schema: {
        params: { type: 'object', properties: { matchId: { type: 'string', maxLength: 200 } }, required: ['matchId'] },
        response: withErrors({ type: 'string' }),
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const visible = isDecider(user.role) || (await holdsFilmOfMatch(db, user.id, req.params.matchId));
      const p = visible ? await findPacket(db, req.params.matchId) : null;
      if (!p) throw new HttpError(404, 'not_found', `no packet for match ${req.params.matchId}`);
      const file = blobs.resolve(p.blob_path);
      await fs.promises.access(file); // a missing blob for an existing row is a server fault (500)
      req.log.info({ matchId: req.params.matchId, packetId: p.id, userId: user.id, role: user.role }, 'packet downloaded');
      return reply
        .type('application/zip')
        .header('content-length', p.bytes)
        .header('x-content-sha256', p.sha256)
        .header('content-disposition', `attachment; filename="${p.id.replace(/[^\w.-]/g, '_')}.zip"`)
        .send(fs.createReadStream(file));
    },
  );
}
