// kuzet packet build --match ID — builds (or returns the existing) signed takedown packet of a confirmed match.
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { buildPacket } from '../../packets/packet.ts';
import { keyDirOf, loadOrCreateSigner } from '../../packets/signer.ts';
import { UsageError, type Command, withStore } from '../command.ts';

export const packetBuild: Command = {
  path: ['packet', 'build'],
  summary: 'build the signed takedown packet (ZIP) of a confirmed match',
  usage: 'kuzet packet build --match MATCH_ID [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { match: { type: 'string' }, json: { type: 'boolean' } } });
    const matchId = values.match;
    if (!matchId) throw new UsageError('--match is required');
    return withStore(env, async (ctx) => {
      const signer = await loadOrCreateSigner(keyDirOf(ctx.config.dataDir), {
        create: ctx.config.signingKeyAutoCreate,
        onCreate: (k) => env.io.err(`created a NEW packet-signing key ${k.keyId} (${k.file}): publish its public key`),
      });
      const log = forComponent(ctx.log, 'evidence', { matchId });
      const r = await buildPacket({ db: ctx.db, blobs: ctx.blobs, signer, cfg: ctx.config, log }, matchId);
      const file = ctx.blobs.resolve(r.blobPath);
      if (values.json) env.io.out(JSON.stringify({ ...r, file, keyId: signer.keyId }));
      else env.io.out(`${r.created ? 'built' : 'already built'}: ${r.packetId}\n  file   ${file}\n  sha256 ${r.sha256}\n  key    ${signer.keyId}`);
      return 0;
    });
  },
};
