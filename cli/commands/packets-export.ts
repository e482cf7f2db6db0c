// kuzet packets export --out DIR [--json] — writes every built takedown packet ZIP to DIR as <match id>.zip, checking
// each copy's SHA-256 against the packets row (a blob changed on disk is refused, never exported as if intact).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listPackets } from '../../storage/packets.ts';
import { UsageError, type Command, withStore } from '../command.ts';

/** A file name for a match id: only [A-Za-z0-9._-], never a path. */
export const exportName = (matchId: string) => `${matchId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.zip`;

export const packetsExport: Command = {
  path: ['packets', 'export'],
  summary: 'write every built takedown packet ZIP to a folder (one file per packet, named by match id)',
  usage: 'kuzet packets export --out DIR [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, json: { type: 'boolean' } } });
    if (!values.out) throw new UsageError('--out DIR is required');
    const out = path.resolve(values.out);
    await fs.promises.mkdir(out, { recursive: true });
    return withStore(env, async (ctx) => {
      const rows = await listPackets(ctx.db);
      const written: Array<{ matchId: string; file: string; sha256: string }> = [];
      const problems: string[] = [];
      for (const r of rows) {
        const file = path.join(out, exportName(r.match_id));
        const tmp = `${file}.part-${process.pid}`;
        try {
          await fs.promises.copyFile(ctx.blobs.resolve(r.blob_path), tmp);
          const sha = createHash('sha256').update(await fs.promises.readFile(tmp)).digest('hex');
          if (sha !== r.sha256) throw new Error(`hashes to ${sha}, the packets row says ${r.sha256}`);
          await fs.promises.rename(tmp, file);
          written.push({ matchId: r.match_id, file, sha256: sha });
        } catch (e) {
          await fs.promises.rm(tmp, { force: true });
          problems.push(`${r.match_id}: ${(e as Error).message}`);
        }
      }
      if (values.json) env.io.out(JSON.stringify({ packets: written, ...(problems.length ? { problems } : {}) }));
      else {
        for (const w of written) env.io.out(`${w.sha256}  ${w.file}`);
        env.io.out(`${written.length} packet(s) written to ${out}`);
        for (const p of problems) env.io.err(`  - not exported: ${p}`);
      }
      return problems.length ? 1 : 0;
    });
  },
};
