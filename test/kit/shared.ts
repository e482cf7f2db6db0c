// Conformance data from the sibling checkout ../shared (Meta's PDQ and vPDQ vectors, blockhash images, the
// extraction corpus), or from KUZET_SHARED_DIR. When the data is missing, a test that needs it FAILS in CI
// (CI is set and not "false"/"0": CI always has ../shared) and is skipped with a message everywhere else.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

export interface SharedData {
  /** absolute path of the folder under ../shared */
  readonly dir: string;
  /** undefined when every needed file is there; else the first missing path */
  readonly missing?: string;
}

export function sharedRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KUZET_SHARED_DIR || path.join(import.meta.dirname, '..', '..', '..', 'shared'));
}

export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** The folder `sub` of ../shared, and which of the `needs` (paths inside it) is missing, if any. */
export function sharedData(sub: string, ...needs: string[]): SharedData {
  const dir = path.join(sharedRoot(), sub);
  const missing = [dir, ...needs.map((n) => path.join(dir, n))].find((p) => !fs.existsSync(p));
  return missing ? { dir, missing } : { dir };
}

function absentMessage(data: SharedData): string {
  return inCi()
    ? `${data.missing} not found: CI must have ../shared checked out next to the repository (or KUZET_SHARED_DIR set); see ../shared/README.md`
    : `skipped: ${data.missing} not found (no ../shared next to the repository; set KUZET_SHARED_DIR or see ../shared/README.md) — in CI this fails`;
}

/** describe(name, fn) when the data is there. Missing: one failing test in CI, one skipped test carrying the message elsewhere. */
export function describeShared(name: string, data: SharedData, fn: () => void): void {
  if (!data.missing) return void describe(name, fn);
  describe(name, () => absent(data));
}

/** it(name, fn) when the data is there; missing: fails in CI, skipped with the message elsewhere. */
export function itShared(name: string, data: SharedData, fn: () => Promise<void> | void, timeout?: number): void {
  if (!data.missing) return void it(name, fn, timeout);
  absent(data, name);
}

function absent(data: SharedData, name?: string): void {
  const message = absentMessage(data);
  if (inCi()) {
    it(name ?? 'has its conformance data', () => {
      throw new Error(message);
    });
    return;
  }
  console.warn(`[../shared] ${name ? `${name}: ` : ''}${message}`);
  it.skip(name ? `${name} (${message})` : message, () => {});
}
