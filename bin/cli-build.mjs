#!/usr/bin/env node
// The `kuzet` CLI's start-up bundle. Running cli/main.ts through the tsx loader costs ~0.3 s before the first line and
// ~0.5 s more for a command like `hash image` (every .ts file goes through tsx's loader thread). So bin/kuzet.mjs runs
// an esbuild bundle of cli/main.ts instead (split per command: each command's module is its own chunk, npm packages
// stay external), kept in node_modules/.cache/kuzet-cli (ignored by git like the rest of node_modules).
//
// The bundle rebuilds itself: a manifest lists every source file esbuild read (from its metafile) with mtime and
// size; bin/kuzet.mjs stats them (≈2 ms) and, when any changed, rebuilds (≈0.2–0.4 s) before running. So editing a
// .ts file and running `node bin/kuzet.mjs` just works. When the bundle cannot be built or written (a syntax error,
// a read-only node_modules), kuzet runs through tsx as before: slower, same behaviour. KUZET_CLI_TSX=1 forces tsx.
// `import.meta.url` keeps meaning the source file (storage/migrate.ts finds its migrations/ folder next to it).
//
// Run directly (`npm run build`, scripts/setup.sh): builds when stale; `--dry-run` only reports.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'node_modules/.cache/kuzet-cli');
const MANIFEST = path.join(CACHE, 'manifest.json');
const ENTRY = 'cli/main.ts';
/** Files whose change invalidates every build besides the sources: the build recipe and the compiler. */
const RECIPE = ['bin/cli-build.mjs', 'tsconfig.json', 'node_modules/esbuild/package.json'];
const KEEP_MS = 24 * 3600_000; // older builds are removed on the next rebuild (a running process may still use one)

/** The entry module's URL of an up-to-date bundle, or undefined. Only stats files. */
export function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, mtimeMs, size] of manifest.files ?? []) {
    let st;
    try {
      st = fs.statSync(path.join(ROOT, file));
    } catch {
      return undefined;
    }
    if (st.mtimeMs !== mtimeMs || st.size !== size) return undefined;
  }
  const entry = path.join(CACHE, manifest.dir, 'main.mjs');
  return fs.existsSync(entry) ? pathToFileURL(entry).href : undefined;
}

/** Builds a new bundle into its own folder, then points the manifest at it (rename: concurrent builds are safe). */
export async function buildBundle() {
  fs.mkdirSync(CACHE, { recursive: true });
  fs.accessSync(CACHE, fs.constants.W_OK); // read-only install: fail before loading esbuild
  const esbuild = await import('esbuild');
  const dir = `build-${Date.now()}-${process.pid}`;
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRY },
    outdir: path.join(CACHE, dir),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceImportMetaUrl],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes(':'));
  const files = [...new Set([...RECIPE, ...inputs])].map((f) => {
    const st = fs.statSync(path.join(ROOT, f));
    return [f, st.mtimeMs, st.size];
  });
  const tmp = `${MANIFEST}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify({ dir, entry: ENTRY, files }));
  fs.renameSync(tmp, MANIFEST);
  removeOldBuilds(dir);
  return pathToFileURL(path.join(CACHE, dir, 'main.mjs')).href;
}

/** esbuild plugin: `import.meta.url` in a source file becomes that file's own URL, as when it runs unbundled. */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

function removeOldBuilds(current) {
  for (const name of fs.readdirSync(CACHE)) {
    if (!name.startsWith('build-') || name === current) continue;
    const folder = path.join(CACHE, name);
    try {
      if (Date.now() - fs.statSync(folder).mtimeMs > KEEP_MS) fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const say = (s) => console.log(`[kuzet build] ${s}`);
  if (freshBundle()) say('CLI bundle: up to date');
  else if (process.argv.includes('--dry-run')) say('dry run: would rebuild the CLI bundle (node_modules/.cache/kuzet-cli)');
  else {
    const t0 = performance.now();
    try {
      await buildBundle();
      say(`CLI bundle: built in ${Math.round(performance.now() - t0)} ms (node_modules/.cache/kuzet-cli)`);
    } catch (e) {
      say(`CLI bundle: build failed: ${e.message}`);
      process.exitCode = 1;
    }
  }
}
