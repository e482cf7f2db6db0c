// Tampering with a built packet: any single changed byte — in a file, a ZIP header, a timestamp, the end record or
// the seal itself — fails verification; a packet re-signed with another key is not trusted; the key a packet
// carries is never taken as proof of who signed it.
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import { EXIT_UNTRUSTED, verifyCommand } from '../../cli/commands/verify.ts';
import { buildPacket } from '../../packets/packet.ts';
import { SEAL_PLACEHOLDER, sealZip } from '../../packets/seal.ts';
import { keyIdOf, type Signer } from '../../packets/signer.ts';
import { verifyPacket } from '../../packets/verify.ts';
import { readZip, writeZip } from '../../packets/zip.ts';
import { resourceOf, serializeDataPackage, sha256sums, SUMS, type Resource } from '../../packets/manifest.ts';
import type { Db } from '../../storage/db.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';
import { makeDeps, seedCase } from './packets-fixtures.ts';

const tmp = tempDirs('kuzet-tamper-');

describe('packet tamper evidence', () => {
  let db: Db;
  let zip: string;
  let trusted: string;
  beforeAll(async () => {
    db = await freshPglite();
    const deps = await makeDeps(db, tmp());
    const r = await buildPacket(deps, await seedCase(db, deps));
    zip = deps.blobs.resolve(r.blobPath);
    trusted = fs.readFileSync(path.join(deps.dataDir, 'keys', 'signing-key.pub.pem'), 'utf8');
  });
  afterAll(async () => db?.close());

  it('is intact, sealed and trusted as built', async () => {
    expect(await verifyPacket(zip, { trustedKeyPem: trusted })).toMatchObject({ ok: true, trusted: true, seal: 'valid', problems: [] });
  });

  it('fails on a changed byte at every one of ~300 positions: content, headers, timestamps, end record, seal', async () => {
    const bytes = fs.readFileSync(zip);
    const positions = new Set<number>();
    for (let i = 0; i < 200; i++) positions.add(Math.floor((i * bytes.length) / 200)); // spread over the file
    for (let i = 1; i <= 160; i++) positions.add(bytes.length - i); // the central directory tail, end record and seal
    for (let i = 0; i < 40; i++) positions.add(i); // the first local header (its timestamp sits at bytes 10–13)
    const dir = tmp();
    const passed: number[] = [];
    let n = 0;
    for (const pos of positions) {
      const copy = Buffer.from(bytes);
      copy[pos] = copy[pos]! ^ (1 << (n++ % 8)); // one bit, a different one each time
      const file = path.join(dir, `flip-${pos}.zip`);
      fs.writeFileSync(file, copy);
      const r = await verifyPacket(file, { trustedKeyPem: trusted });
      if (r.ok) passed.push(pos);
      fs.rmSync(file);
    }
    expect(positions.size).toBeGreaterThan(300);
    expect(passed).toEqual([]);
  }, 300_000); // ~300 full verifications of a packet with 8 PDFs: minutes on a loaded 2-core box

  it('a packet re-signed and re-sealed with another key is consistent with itself but not trusted', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const forger: Signer = { keyId: keyIdOf(pem), publicKeyPem: pem, sign: (d) => sign(null, d, privateKey) };
    // a careful forger: new key, the manifest's listing and SHA256SUMS made to fit, re-signed and re-sealed
    const entries = await readZip(zip, () => true);
    const files = new Map(entries.map((e) => [e.name, e.data!]));
    files.set('public-key.pem', Buffer.from(pem));
    const manifest = JSON.parse(files.get('datapackage.json')!.toString('utf8')) as { resources: Resource[]; signature: { key_id: string } };
    manifest.signature.key_id = forger.keyId;
    const listed = manifest.resources.filter((r) => r.path !== SUMS).map((r) => (r.path === 'public-key.pem' ? resourceOf(r.path, files.get(r.path)!) : r));
    const sums = sha256sums(listed);
    files.set(SUMS, sums);
    manifest.resources = [...listed, resourceOf(SUMS, sums)];
    const manifestBytes = serializeDataPackage(manifest as never);
    const sig = forger.sign(manifestBytes);
    files.set('datapackage.json', manifestBytes).set('manifest.sig', sig).set('manifest.sig.b64', Buffer.from(sig.toString('base64') + '\n'));
    const swapped = [...files].map(([name, data]) => ({ name, data }));
    const forged = path.join(tmp(), 'forged.zip');
    await writeZip(forged, swapped, new Date(), SEAL_PLACEHOLDER);
    await sealZip(forged, forger);
    const self = await verifyPacket(forged);
    expect(self.problems).toEqual([]);
    expect(self).toMatchObject({ ok: true, trusted: false, seal: 'valid' });
    const against = await verifyPacket(forged, { trustedKeyPem: trusted });
    expect(against.ok).toBe(false);
    expect(against.problems.join('\n')).toMatch(/not with the trusted key/);

    // the CLI: no --key and no deployment key here → exit 3 and a loud line, never a plain OK
    const out: string[] = [];
    const config = { ...testConfig(), dataDir: tmp() };
    const env: CliEnv = { config, log: silentLog(), io: { out: (l) => void out.push(l), err: (l) => void out.push(l) }, open: async () => { throw new Error('no store needed'); } };
    expect(await verifyCommand.run([forged], env)).toBe(EXIT_UNTRUSTED);
    expect(out.join('\n')).toMatch(/^INTACT, SIGNER NOT VERIFIED: [\s\S]*no trusted key/);
  });
});
