#!/usr/bin/env node
// Entry point of the `kuzet` CLI: runs cli/main.ts from its self-refreshing esbuild bundle (see cli-build.mjs), or
// through the tsx loader (TypeScript as-is) when the bundle cannot be built or KUZET_CLI_TSX=1.
import { buildBundle, freshBundle } from './cli-build.mjs';

async function loadMain() {
  if (process.env.KUZET_CLI_TSX !== '1') {
    let url = freshBundle();
    if (!url) url = await buildBundle().catch(() => undefined);
    if (url) {
      process.setSourceMapsEnabled(true); // stack traces name the .ts files
      return import(url);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../cli/main.ts');
}

const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2));
