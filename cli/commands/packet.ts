// kuzet packet build --match ID — builds (or returns the existing) signed takedown packet of a confirmed match.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { buildPacket } from '../../evidence/packet.ts';
import { loadOrCreateSigner } from '../../evidence/signer.ts';
import { UsageError, type Command } from '../command.ts';

export const packetBuild: Command = {
  path: ['packet', 'build'],
  summary: 'build the signed takedown packet (ZIP) of a confirmed match',
  usage: 'kuzet packet build --match MATCH_ID [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { match: { type: 'string' }, json: { type: 'boolean' } } });
    if (!values.match) throw new UsageError('--match is required');
    const ctx = await env.open();
    try {
      const signer = await loadOrCreateSigner(path.join(ctx.config.dataDir, 'keys'));
      const log = forComponent(ctx.log, 'evidence', { matchId: values.match });
      const r = await buildPacket({ db: ctx.db, blobs: ctx.blobs, signer, cfg: ctx.config, log }, values.match);
      const file = ctx.blobs.resolve(r.blobPath);
      if (values.json) env.io.out(JSON.stringify({ ...r, file, keyId: signer.keyId }));
      else env.io.out(`${r.created ? 'built' : 'already built'}: ${r.packetId}\n  file   ${file}\n  sha256 ${r.sha256}\n  key    ${signer.keyId}`);
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
