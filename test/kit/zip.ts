// Reading ZIPs in tests independently of packets/zip.ts (the code under test): yauzl, or the system `unzip`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { hasProgram } from './tools.ts';

/** Every entry of a ZIP, name → bytes, read with yauzl. */
export function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => { out.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
        });
      });
      zip.readEntry();
    });
  });
}

/** Unpacks a ZIP into `dir` with the system `unzip` when installed, else with yauzl. Returns `dir`. */
export async function unzipTo(file: string, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  if (hasProgram('unzip')) {
    execFileSync('unzip', ['-q', file, '-d', dir]);
    return dir;
  }
  for (const [name, data] of await unzip(file)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  return dir;
}
