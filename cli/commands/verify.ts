// kuzet verify PACKET.zip — checks a takedown packet offline (hashes, file list, Ed25519 signature).
// Needs no database: anyone holding the ZIP can run it. Exit 0 = intact and signed, 1 = problems.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyPacket } from '../../packets/verify.ts';
import { UsageError, type Command } from '../command.ts';

export const verifyCommand: Command = {
  path: ['verify'],
  summary: 'verify a takedown packet ZIP offline (hashes and signature)',
  usage: 'kuzet verify PACKET.zip [--key TRUSTED_PUBLIC_KEY.pem] [--json]',
  async run(argv, env) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, key: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('give exactly one packet ZIP');
    const file = positionals[0]!;
    if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
    const trustedKeyPem = values.key ? fs.readFileSync(values.key, 'utf8') : undefined;
    const r = await verifyPacket(file, { trustedKeyPem });
    if (values.json) {
      env.io.out(JSON.stringify(r));
    } else {
      env.io.out(`${r.ok ? 'OK' : 'FAILED'}: ${file} — ${r.files} files, key ${r.keyId || '(none)'}${trustedKeyPem ? '' : ' (key not checked against a trusted key: compare the key id with the published one)'}`);
      for (const p of r.problems) env.io.out(`  - ${p}`);
    }
    return r.ok ? 0 : 1;
  },
};
