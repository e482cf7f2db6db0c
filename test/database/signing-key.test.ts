// The packet-signing key is never created silently in production: the service refuses to start without it until
// `kuzet keys init` made it; in development it is created, loudly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import { keysInit } from '../../cli/commands/keys.ts';
import { createContext } from '../../config/context.ts';
import { loadConfig } from '../../config/load.ts';
import { loadOrCreateSigner, MissingSigningKey } from '../../packets/signer.ts';
import { createProcessors } from '../../workers/processors/index.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';

const tmp = tempDirs('kuzet-keys-');

describe('packet-signing key', () => {
  it('production refuses to create one; SIGNING_KEY_CREATE decides otherwise', () => {
    expect(loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production' }).signingKeyAutoCreate).toBe(false);
    expect(loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production', SIGNING_KEY_CREATE: 'auto' }).signingKeyAutoCreate).toBe(true);
    expect(loadConfig({ DATA_DIR: tmp() }).signingKeyAutoCreate).toBe(true);
    expect(loadConfig({ DATA_DIR: tmp(), SIGNING_KEY_CREATE: 'never' }).signingKeyAutoCreate).toBe(false);
    expect(() => loadConfig({ DATA_DIR: tmp(), SIGNING_KEY_CREATE: 'yes' })).toThrow(/SIGNING_KEY_CREATE/);
  });

  it('a production service does not start without the key, and starts once `kuzet keys init` made it', async () => {
    const dataDir = tmp();
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    const ctx = await createContext(config, silentLog());
    try {
      await expect(createProcessors(ctx)).rejects.toThrow(MissingSigningKey);
      await expect(createProcessors(ctx)).rejects.toThrow(/kuzet keys init/);
      expect(fs.existsSync(path.join(dataDir, 'keys', 'signing-key.pem'))).toBe(false);
      const out: string[] = [];
      const env: CliEnv = { config, log: silentLog(), io: { out: (l) => void out.push(l), err: (l) => void out.push(l) }, open: async () => ctx };
      expect(await keysInit.run(['--json'], env)).toBe(0);
      const first = JSON.parse(out.pop()!);
      expect(first).toMatchObject({ created: true, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(await keysInit.run(['--json'], env)).toBe(0);
      expect(JSON.parse(out.pop()!)).toMatchObject({ created: false, keyId: first.keyId }); // never replaced
      const { health } = await createProcessors(ctx);
      expect(await health()).toMatchObject({ signingKey: first.keyId });
    } finally {
      await ctx.close();
    }
  });

  it('development creates it once and says so', async () => {
    const dir = path.join(tmp(), 'keys');
    const created: string[] = [];
    const a = await loadOrCreateSigner(dir, { create: true, onCreate: (k) => void created.push(k.keyId) });
    const b = await loadOrCreateSigner(dir, { create: false });
    expect(created).toEqual([a.keyId]);
    expect(b.keyId).toBe(a.keyId);
  });
});
