// The CLI commands of the matcher area (films add, match, hash) run against a real PGlite store in a temp DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type CliEnv } from '../../cli/command.ts';
import filmsAdd from '../../cli/commands/films-add.ts';
import filmsRehash from '../../cli/commands/films-rehash.ts';
import hash, { blockhash256 } from '../../cli/commands/hash.ts';
import match from '../../cli/commands/match.ts';
import { createContext } from '../../config/context.ts';
import { loadConfig } from '../../config/load.ts';
import { hamming } from '../../matcher/hamming.ts';
import { generateFilm, makePirateCopy } from '../../fixtures/media/synthetic.ts';
import { tempDir } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';
import { itShared, sharedData } from '../kit/shared.ts';

const tmp = tempDir('kuzet-mcli-');
const config = loadConfig({ DATA_DIR: path.join(tmp, 'data') });
const log = silentLog();
const f = (n: string) => path.join(tmp, n);

function env(cfg = config): CliEnv & { lines: string[] } {
  const lines: string[] = [];
  return { config: cfg, log, lines, io: { out: (s) => lines.push(s), err: (s) => lines.push(s) }, open: () => createContext(cfg, log) };
}

beforeAll(async () => {
  await generateFilm(config, f('a.mp4'), { seed: 31, seconds: 16, width: 160, height: 90, title: 'CLI A' });
  await makePirateCopy(config, f('a.mp4'), f('pirate'), { startS: 3, durationS: 12, letterbox: true });
});

describe('kuzet films add / match / hash', () => {
  it('registers a film and prints its id as JSON, idempotently', async () => {
    const e = env();
    const args = ['--title-ru', 'Фильм', '--title-kk', 'Фильм', '--year', '2023', '--imdb-id', 'tt1234567', '--video', f('a.mp4'), '--json'];
    expect(await filmsAdd.run(args, e)).toBe(0);
    const first = JSON.parse(e.lines[0]!);
    expect(first.id).toMatch(/^film_[0-9a-f]{16}$/);
    const e2 = env();
    await filmsAdd.run(args, e2);
    expect(JSON.parse(e2.lines[0]!)).toMatchObject({ id: first.id, created: false });
  });

  it('rehashes a film fingerprinted with an older recipe (dry run first), audited, then finds nothing stale', async () => {
    // simulate a film registered with an older recipe: one variant fewer, no recipe recorded
    const ctx = await env().open();
    const count = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fingerprints'))[0]!.n;
    const full = await count();
    const checkpoint = async (c: typeof ctx) => (await c.db.query<{ s: string }>(`SELECT string_agg(id::text, ',' ORDER BY id) AS s FROM fingerprints`))[0]!.s;
    await ctx.db.query(`DELETE FROM fingerprints WHERE variant = 'crop80'`);
    await ctx.db.query('UPDATE reference_assets SET recipe = NULL');
    const old = await count();
    const before = await checkpoint(ctx);
    await ctx.close();
    expect(old).toBeLessThan(full);

    const dry = env();
    expect(await filmsRehash.run(['--dry-run', '--json'], dry)).toBe(0);
    const planned = JSON.parse(dry.lines[0]!);
    expect(planned.stale).toEqual([expect.objectContaining({ recipe: null, fingerprints: old })]);
    expect(planned.results).toEqual([]);

    const run = env();
    expect(await filmsRehash.run(['--json'], run)).toBe(0);
    const done = JSON.parse(run.lines[0]!);
    expect(done.results).toEqual([expect.objectContaining({ status: 'rehashed', before: old, after: full })]);

    const again = env();
    await filmsRehash.run([], again);
    expect(again.lines[0]).toMatch(/0 video asset\(s\) with an older one/);
    const c2 = await env().open();
    expect(await checkpoint(c2)).not.toBe(before);
    const audit = await c2.db.query<{ action: string; details: { to: string; after: number } }>(`SELECT action, details FROM audit_log WHERE action = 'film.rehash'`);
    expect(audit).toEqual([expect.objectContaining({ details: expect.objectContaining({ to: planned.recipe, after: full }) })]);
    await c2.close();
  });

  it('with LOCAL_FEATURES, rehash adds the local features of a film registered without them (dry run first), audited, once', async () => {
    const withLocal = loadConfig({ DATA_DIR: path.join(tmp, 'data'), LOCAL_FEATURES: 'true' });
    // LOCAL_FEATURES off (the default): the output has no local part
    const off = env();
    expect(await filmsRehash.run(['--dry-run', '--json'], off)).toBe(0);
    expect(JSON.parse(off.lines[0]!).local).toBeUndefined();

    const dry = env(withLocal);
    expect(await filmsRehash.run(['--dry-run', '--json'], dry)).toBe(0);
    const planned = JSON.parse(dry.lines[0]!);
    expect(planned.local.missing).toEqual([expect.objectContaining({ localRecipe: null })]);
    expect(planned.local.results).toEqual([]);

    const run = env(withLocal);
    expect(await filmsRehash.run(['--json'], run)).toBe(0);
    const done = JSON.parse(run.lines[0]!);
    expect(done.local.results).toEqual([expect.objectContaining({ assetId: planned.local.missing[0].assetId, status: 'added' })]);
    expect(done.local.results[0].keyframes).toBeGreaterThan(0);

    const again = env(withLocal);
    await filmsRehash.run([], again);
    expect(again.lines.join('\n')).toMatch(/0 video asset\(s\) without them/);
    const c = await again.open();
    const rows = await c.db.query<{ keyframes: number; recipe: string }>('SELECT keyframes, recipe FROM local_features');
    expect(rows).toEqual([{ keyframes: done.local.results[0].keyframes, recipe: planned.local.recipe }]);
    const audit = await c.db.query<{ details: { assetId: string; keyframes: number } }>(`SELECT details FROM audit_log WHERE action = 'film.local_features'`);
    expect(audit).toEqual([expect.objectContaining({ details: expect.objectContaining({ assetId: planned.local.missing[0].assetId, keyframes: rows[0]!.keyframes }) })]);
    await c.close();
  });

  it('rejects bad arguments with UsageError', async () => {
    await expect(filmsAdd.run(['--title-ru', 'x', '--video', 'v.mp4'], env())).rejects.toBeInstanceOf(UsageError);
    await expect(filmsAdd.run(['--title-ru', 'x', '--title-kk', 'y', '--video', 'v.mp4', '--imdb-id', 'nope'], env())).rejects.toBeInstanceOf(UsageError);
    await expect(match.run([], env())).rejects.toBeInstanceOf(UsageError);
    await expect(hash.run(['movie', 'x'], env())).rejects.toBeInstanceOf(UsageError);
  });

  it('matches the pirate HLS copy and prints the MatchResult contract', async () => {
    const e = env();
    expect(await match.run(['--video', f('pirate/index.m3u8'), '--evidence-out', f('ev.png'), '--json'], e)).toBe(0);
    const r = JSON.parse(e.lines[0]!);
    expect(r.decision).toBe('match');
    // which stage decided (issue 13): the pictures, or the soundtrack confirming them — the local stage is off here
    expect(['pdq', 'audio']).toContain(r.stage);
    expect(r.local).toBeUndefined();
    // the contract: these keys stay (fields may be added, e.g. `speed`, never renamed or removed)
    expect(Object.keys(r.best)).toEqual(expect.arrayContaining(['filmId', 'matchedFrames', 'offsetSeconds', 'score']));
    expect(r.guards).toEqual({ negativeFrames: 0, quarantinedHits: 0, newlyQuarantined: [] });
    expect(r.candidates[0]).toEqual(r.best);
    expect(r.evidencePng).toBeUndefined();
    expect(fs.readFileSync(f('ev.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('hashes an image (PDQ + 256-bit blockhash) and a video', async () => {
    const e = env();
    await hash.run(['video', f('a.mp4'), '--fps', '1', '--json'], e);
    const frames = JSON.parse(e.lines[0]!).frames as Array<{ t: number; pdq: string; quality: number }>;
    expect(frames.length).toBe(16);
    expect(frames[1]).toMatchObject({ t: 1, pdq: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const png = f('frame.png');
    const { default: sharp } = await import('sharp');
    await sharp(Buffer.alloc(160 * 90 * 3, 90), { raw: { width: 160, height: 90, channels: 3 } })
      .composite([{ input: Buffer.from('<svg width="160" height="90"><rect x="20" y="10" width="60" height="40" fill="#fff"/></svg>') }]).png().toFile(png);
    const e2 = env();
    await hash.run(['image', png, '--json'], e2);
    const out = JSON.parse(e2.lines[0]!);
    expect(out.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(out.blockhash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof out.quality).toBe('number');
  });

  const bhData = sharedData('vectors/blockhash', 'exact-hashes.txt');
  const bh = bhData.dir;
  itShared('blockhash agrees with the reference "exact" hashes', bhData, async () => {
    const rows = fs.readFileSync(path.join(bh, 'exact-hashes.txt'), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/));
    const dists: number[] = [];
    for (const [ref, name] of rows) if (fs.existsSync(path.join(bh, name!))) dists.push(hamming(await blockhash256(path.join(bh, name!)), ref!));
    console.log(`blockhash vs reference exact: ${dists.length} images, ${dists.filter((d) => d === 0).length} exact, max ${Math.max(...dists)}`);
    expect(dists.length).toBeGreaterThan(5);
    expect(Math.max(...dists)).toBeLessThanOrEqual(16);
  });
});
