// Takedown packets: streams the signed ZIP of a match from the blob store.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { withErrors, type RouteOpts } from '../deps.ts';
import { DECIDER_ROLES } from '../../storage/users.ts';
import { findPacket } from '../../storage/packets.ts';
import { HttpError, requireRole, userOf } from '../plugins/auth.ts';

export default async function packetRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, blobs } = deps;
  app.get<{ Params: { matchId: string } }>(
    '/api/packets/:matchId',
    {
      preHandler: requireRole(db, ...DECIDER_ROLES, 'rights_holder'),
      schema: {
        params: { type: 'object', properties: { matchId: { type: 'string', maxLength: 200 } }, required: ['matchId'] },
        response: withErrors({ type: 'string' }),
      },
    },
    async (req, reply) => {
      const p = await findPacket(db, req.params.matchId);
      if (!p) throw new HttpError(404, 'not_found', `no packet for match ${req.params.matchId}`);
      const file = blobs.resolve(p.blob_path);
      await fs.promises.access(file); // a missing blob for an existing row is a server fault (500)
      req.log.info({ matchId: req.params.matchId, packetId: p.id, userId: userOf(req).id }, 'packet downloaded');
      return reply
        .type('application/zip')
        .header('content-length', p.bytes)
        .header('x-content-sha256', p.sha256)
        .header('content-disposition', `attachment; filename="${p.id.replace(/[^\w.-]/g, '_')}.zip"`)
        .send(fs.createReadStream(file));
    },
  );
}
