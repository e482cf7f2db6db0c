// Temp dirs for tests. A dir made while vitest collects tests (a file's top level or a describe body) is removed after
// that suite; one made inside a test or a beforeEach hook, after that test (vitest silently ignores an afterAll
// registered there: such dirs were left behind, 270 in /tmp after a few CI runs). Never make one in a beforeAll hook:
// neither reaches it — make it in the describe body and use it there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

const remove = (d: string) => fs.rmSync(d, { recursive: true, force: true });

/** A maker of fresh temp dirs (`<os tmp>/<prefix>XXXXXX`), each removed as the header says. */
export function tempDirs(prefix = 'kuzet-test-'): () => string {
  const inTest = () => expect.getState().currentTestName !== undefined;
  const made: string[] = [];
  if (!inTest()) afterAll(() => made.splice(0).forEach(remove));
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    if (inTest()) onTestFinished(() => remove(d));
    else made.push(d);
    return d;
  };
}

/** One temp dir, made now and removed as the header says. */
export function tempDir(prefix = 'kuzet-test-'): string {
  return tempDirs(prefix)();
}
