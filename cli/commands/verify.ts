// kuzet verify PACKET.zip — checks a takedown packet offline (hashes, file list, Ed25519 signature, and every web
// archive (.wacz) inside it as a WACZ: its datapackage hashes and its signature).
// Needs no database: anyone holding the ZIP can run it. Exit 0 = intact and signed, 1 = problems.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyPacket } from '../../packets/verify.ts';
import { publicKeyFileOf } from '../../packets/signer.ts';
import { UsageError, type Command } from '../command.ts';

/** Exit code when the packet is intact but nothing says who signed it (no trusted key was available). */
export const EXIT_UNTRUSTED = 3;

export const verifyCommand: Command = {
  path: ['verify'],
  summary: 'verify a takedown packet ZIP offline (hashes and signature)',
  usage: 'kuzet verify PACKET.zip [--key TRUSTED_PUBLIC_KEY.pem] [--json]   (exit 0 intact and signed by the trusted key, 1 tampered, 3 intact but signer not checked)',
  async run(argv, env) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, key: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('give exactly one packet ZIP');
    const file = positionals[0]!;
    if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
    // the key inside the packet proves nothing (anyone can re-sign): trust --key, else this deployment's own public key
    const deploymentKey = publicKeyFileOf(env.config.dataDir);
    const keyFile = values.key ?? (fs.existsSync(deploymentKey) ? deploymentKey : undefined);
    if (values.key && !fs.existsSync(values.key)) throw new UsageError(`${values.key} does not exist`);
    const trustedKeyPem = keyFile ? fs.readFileSync(keyFile, 'utf8') : undefined;
    const r = await verifyPacket(file, { trustedKeyPem });
    const code = !r.ok ? 1 : r.trusted ? 0 : EXIT_UNTRUSTED;
    if (values.json) {
      env.io.out(JSON.stringify({ ...r, trustedKeyFile: keyFile ?? null }));
    } else {
      const verdict = !r.ok ? 'FAILED' : r.trusted ? 'OK' : 'INTACT, SIGNER NOT VERIFIED';
      env.io.out(`${verdict}: ${file} — ${r.files} files, key ${r.keyId || '(none)'}, seal ${r.seal}${keyFile ? `, trusted key ${keyFile}` : ''}`);
      for (const p of r.problems) env.io.out(`  - ${p}`);
      for (const w of r.wacz) if (w.ok) env.io.out(`  web archive ${w.path}: OK (${w.pages} page(s), signature and file hashes)`);
      if (r.ok && !r.trusted) env.io.out('  ! no trusted key: the packet is consistent with the key it carries, which anyone could have made. Pass --key with the key the issuer publishes and compare its id.');
      if (r.seal === 'absent') env.io.out('  ! no whole-file seal (a packet built before seals): only the listed files are covered, not the ZIP around them.');
    }
    return code;
  },
};
