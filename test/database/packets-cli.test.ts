// The signer's key handling, the reproducibility of packets, and the `kuzet packet build` / `kuzet verify`
// commands on a real on-disk PGlite store.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import { packetBuild } from '../../cli/commands/packet.ts';
import { exportName, packetsExport } from '../../cli/commands/packets-export.ts';
import { verifyCommand } from '../../cli/commands/verify.ts';
import { createContext } from '../../config/context.ts';
import { loadConfig } from '../../config/load.ts';
import { buildPacket } from '../../packets/packet.ts';
import { keyIdOf, loadOrCreateSigner, verifySignature } from '../../packets/signer.ts';
import { readZip, writeZip } from '../../packets/zip.ts';
import { makeDeps, seedCase } from './packets-fixtures.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDirs } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

const tmp = tempDirs('kuzet-evc-');

describe('signer', () => {
  it('creates an Ed25519 key with mode 0600 once, and reloads the same key', async () => {
    const dir = path.join(tmp(), 'keys');
    const a = await loadOrCreateSigner(dir);
    const b = await loadOrCreateSigner(dir);
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(b.keyId).toBe(a.keyId);
    expect(keyIdOf(a.publicKeyPem)).toBe(a.keyId);
    expect(fs.statSync(path.join(dir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const data = Buffer.from('datapackage');
    const sig = a.sign(data);
    expect(sig).toHaveLength(64);
    expect(verifySignature(b.publicKeyPem, data, sig)).toBe(true);
    expect(verifySignature(b.publicKeyPem, Buffer.from('datapackagE'), sig)).toBe(false);
    expect(verifySignature((await loadOrCreateSigner(path.join(tmp(), 'k2'))).publicKeyPem, data, sig)).toBe(false);
    expect(verifySignature('not a pem', data, sig)).toBe(false);
  });
});

describe('packet reproducibility', () => {
  it('builds byte-identical packets from the same case, key and clock', async () => {
    const dataDir = tmp();
    const shas: string[] = [];
    for (let i = 0; i < 2; i++) {
      const db = await freshPglite();
      const deps = await makeDeps(db, dataDir);
      shas.push((await buildPacket(deps, await seedCase(db, deps))).sha256);
      await db.close();
    }
    expect(shas[1]).toBe(shas[0]);
  }, 240_000);
});

describe('kuzet packet build / kuzet verify', () => {
  it('builds through the CLI, then verifies (exit 0) and rejects a tampered copy (exit 1)', async () => {
    const dataDir = tmp();
    const config = loadConfig({ DATA_DIR: dataDir });
    const log = silentLog();
    const out: string[] = [];
    const env: CliEnv = { config, log, io: { out: (s) => out.push(s), err: (s) => out.push(s) }, open: () => createContext(config, log) };
    const ctx = await env.open();
    const matchId = await seedCase(ctx.db, { ...(await makeDeps(ctx.db, dataDir)), blobs: ctx.blobs });
    await ctx.close();

    expect(await packetBuild.run(['--match', matchId, '--json'], env)).toBe(0);
    const built = JSON.parse(out.pop()!);
    expect(built).toMatchObject({ created: true, packetId: expect.stringMatching(/^pkt_/) });
    expect(fs.existsSync(built.file)).toBe(true);
    expect(await packetBuild.run(['--match', matchId, '--json'], env)).toBe(0);
    expect(JSON.parse(out.pop()!)).toMatchObject({ created: false, sha256: built.sha256 });

    expect(await verifyCommand.run([built.file, '--json'], env)).toBe(0);
    expect(JSON.parse(out.pop()!)).toMatchObject({ ok: true, problems: [], keyId: built.keyId });
    const keyFile = path.join(dataDir, 'keys', 'signing-key.pub.pem');
    expect(await verifyCommand.run([built.file, '--key', keyFile], env)).toBe(0);
    expect(out.pop()).toMatch(/^OK: /);

    const entries = await readZip(built.file, () => true);
    const bad = path.join(tmp(), 'bad.zip');
    await writeZip(bad, entries.map((e) => ({ name: e.name, data: e.name === 'case.json' ? Buffer.from('{}') : e.data! })), new Date());
    expect(await verifyCommand.run([bad], env)).toBe(1);
    expect(out.join('\n')).toMatch(/FAILED: .*\n {2}- hash mismatch for case.json/);

    // kuzet packets export: every built packet as <match id>.zip, hash as in the packets row
    const dir = path.join(tmp(), 'out');
    expect(await packetsExport.run(['--out', dir, '--json'], env)).toBe(0);
    const exported = JSON.parse(out.pop()!);
    expect(exported).toEqual({ packets: [{ matchId, file: path.join(dir, `${matchId}.zip`), sha256: built.sha256 }] });
    expect(await verifyCommand.run([path.join(dir, `${matchId}.zip`)], env)).toBe(0);
    // a packet blob changed on disk is refused, never exported as if intact
    fs.appendFileSync(built.file, 'x');
    const dir2 = path.join(tmp(), 'out2');
    expect(await packetsExport.run(['--out', dir2, '--json'], env)).toBe(1);
    expect(JSON.parse(out.pop()!)).toMatchObject({ packets: [], problems: [expect.stringMatching(/hashes to [0-9a-f]{64}, the packets row says/)] });
    expect(fs.readdirSync(dir2)).toEqual([]);
    expect(exportName('../../etc/x')).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\.zip$/); // never a path
  }, 240_000);
});
