// Temp dirs for tests, removed after the suite that asked for them. Call tempDir/tempDirs while vitest collects
// tests (a file's top level or a describe body), never inside a hook or a test: that is where afterAll registers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A maker of fresh temp dirs (`<os tmp>/<prefix>XXXXXX`); every dir it made is removed after the enclosing suite. */
export function tempDirs(prefix = 'kuzet-test-'): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(d);
    return d;
  };
}

/** One temp dir, made now and removed after the enclosing suite. */
export function tempDir(prefix = 'kuzet-test-'): string {
  return tempDirs(prefix)();
}
