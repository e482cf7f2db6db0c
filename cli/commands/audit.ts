// `kuzet audit verify [--anchor SEQ:HASH …] [--json]` — walks the whole audit chain (every column of every row)
// and checks it against the anchors kept outside the database (DATA_DIR/audit/anchors.jsonl and any head copied
// from a registry export). Exit 0 = intact, 1 = an edit, a deletion, a cut or a rewritten tail (the first one named).
import { parseArgs } from 'node:util';
import { parseAnchor, readAnchors, verifyAudit } from '../../storage/audit-anchors.ts';
import { UsageError, type Command, withStore } from '../command.ts';

export const auditVerify: Command = {
  path: ['audit', 'verify'],
  summary: 'verify the audit trail: hash chain over every row, and anchors kept outside the database',
  usage: 'kuzet audit verify [--anchor SEQ:HASH]… [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, anchor: { type: 'string', multiple: true } }, strict: true });
    let given;
    try {
      given = (values.anchor ?? []).map(parseAnchor);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return withStore(env, async (ctx) => {
      const r = await verifyAudit(ctx.db, [...readAnchors(ctx.config.dataDir), ...given]);
      if (values.json) {
        env.io.out(JSON.stringify(r));
      } else {
        env.io.out(`${r.ok ? 'OK' : 'FAILED'}: ${r.rows} audit rows, head ${r.head ? `${r.head.seq}:${r.head.hash}` : '(empty)'}, ${r.anchors.checked} anchor(s) checked`);
        if (r.problem) env.io.out(`  - first broken row ${r.brokenAt}: ${r.problem}`);
        for (const a of r.anchors.failed) env.io.out(`  - anchor ${a.seq} (${a.source}${a.at ? `, ${a.at}` : ''}): ${a.problem}`);
      }
      return r.ok ? 0 : 1;
    });
  },
};

export default [auditVerify];
