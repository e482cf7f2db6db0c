// `kuzet keys init [--json]` — creates this deployment's packet-signing key (Ed25519, DATA_DIR/keys) once, and prints
// what to publish: the key id and the public key. In production (NODE_ENV=production) nothing else creates it.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { keyDirOf, loadOrCreateSigner, publicKeyFileOf } from '../../packets/signer.ts';
import type { Command } from '../command.ts';

export const keysInit: Command = {
  path: ['keys', 'init'],
  summary: 'create the deployment’s packet-signing key once and print the public key to publish',
  usage: 'kuzet keys init [--json]   (an existing key is kept and shown, never replaced)',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
    const dir = keyDirOf(env.config.dataDir);
    let created = false;
    const signer = await loadOrCreateSigner(dir, { create: true, onCreate: () => { created = true; } });
    const publicKeyFile = publicKeyFileOf(env.config.dataDir);
    if (values.json) {
      env.io.out(JSON.stringify({ created, keyId: signer.keyId, publicKeyFile, publicKeyPem: signer.publicKeyPem }));
    } else {
      env.io.out(`${created ? 'created' : 'already there'}: packet-signing key ${signer.keyId}`);
      env.io.out(`publish ${publicKeyFile} (and its id ${signer.keyId}) where recipients can fetch it independently of the packets:`);
      env.io.out(fs.readFileSync(publicKeyFile, 'utf8').trimEnd());
    }
    return 0;
  },
};

export default [keysInit];
