// Before the processes start: a fresh database on the PostgreSQL server, the packet-signing key, the national films and
// the two investigators, made with the `kuzet` CLI against the same DATABASE_URL and DATA_DIR the roles will use.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { FAULT_FILMS, type FilmMedia } from './media.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

/** CREATE DATABASE on the server of `serverUrl`; returns its URL. Commits are synchronous there (the throwaway
 * test cluster turns synchronous_commit off for speed; an immediate restart would then lose acknowledged commits,
 * which no production setting does). */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
    await c.query(`ALTER DATABASE ${name} SET synchronous_commit = on`);
  } finally {
    await c.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

export async function kuzet(env: Record<string, string>, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'bin/kuzet.mjs'), ...args], { cwd: ROOT, env, timeout: 300_000, maxBuffer: 16 << 20 });
    return stdout;
  } catch (e) {
    const x = e as Error & { stderr?: string; stdout?: string };
    throw new Error(`kuzet ${args.slice(0, 2).join(' ')} failed: ${x.message.split('\n')[0]}\n${(x.stderr || x.stdout || '').trim().slice(-2000)}`);
  }
}

/** `kuzet films add` for every registered film; returns film key → film id. */
export async function registerFilms(env: Record<string, string>, media: Record<string, FilmMedia>, say: (s: string) => void): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const f of FAULT_FILMS.filter((x) => x.registered)) {
    const m = media[f.key]!;
    const out = await kuzet(env, ['films', 'add', '--title-ru', f.titleRu, '--title-kk', f.titleKk, '--year', String(f.year), '--video', m.video, '--poster', m.poster, '--json']);
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { id: string; fingerprints: number };
    ids[f.key] = r.id;
    say(`  ${f.titleKk} → ${r.id} (${r.fingerprints} fingerprints)`);
  }
  return ids;
}

/** `kuzet users add` → user id and API key. */
export async function addUser(env: Record<string, string>, name: string, role: string): Promise<{ id: string; key: string }> {
  const out = await kuzet(env, ['users', 'add', '--name', name, '--role', role, '--json']);
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { user: { id: string }; apiKey: string };
  return { id: r.user.id, key: r.apiKey };
}

/** `kuzet keys init`: the deployment's packet-signing key, created once before any role starts (as in production). */
export async function initSigningKey(env: Record<string, string>): Promise<string> {
  const out = await kuzet(env, ['keys', 'init', '--json']);
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { keyId: string }).keyId;
}
