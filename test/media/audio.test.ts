// Audio confirmation: Chromaprint via our ffmpeg piped into fpcalc (real binaries, generated music-like tracks),
// the BER slide, and the audio_fingerprints table on PGlite (and PostgreSQL when TEST_DATABASE_URL is set).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_ITEM_S, AUDIO_MAX_BER, audioFingerprint, compareAudio, isAudioConfirmed, parseFpcalcOutput, type AudioPrint } from '../../matcher/audio.ts';
import { audioPrintsForFilms, insertAudioPrint, packItems, unpackItems } from '../../storage/audio-prints.ts';
import { musicTrack } from '../../fixtures/media/synthetic.ts';
import { insertAsset, insertFilm } from '../../storage/film-bank.ts';
import { adapters } from '../kit/db.ts';
import { tempDir } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';

const hasFpcalc = hasProgram('fpcalc');
if (!hasFpcalc) console.warn('[audio.test] fpcalc not installed (apt-get install libchromaprint-tools): skipping the Chromaprint media tests');

const tools = { ffmpegPath: 'ffmpeg', fpcalcPath: 'fpcalc' };
const tmp = tempDir('kuzet-audio-');
const f = (n: string) => path.join(tmp, n);
const ff = (...args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);

const track = musicTrack;
const video = (seconds: number) => ['-f', 'lavfi', '-i', `color=c=gray:s=160x90:r=5:d=${seconds}`];
const mp4 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-b:a', '128k', '-shortest'];

describe('parseFpcalcOutput (exit code acceptance)', () => {
  const ok = JSON.stringify({ duration: 0, fingerprint: [1, 4294967295, 7] });
  it('accepts exit 0 and exit 3 (fpcalc on a pipe) with a non-empty fingerprint', () => {
    expect([...parseFpcalcOutput(0, ok, '')]).toEqual([1, 4294967295, 7]);
    expect([...parseFpcalcOutput(3, ok, 'ERROR: Error decoding audio frame (End of file)')]).toEqual([1, 4294967295, 7]);
  });
  it('throws with stderr on other exit codes, empty or invalid output', () => {
    expect(() => parseFpcalcOutput(2, '', 'ERROR: Empty fingerprint')).toThrow(/exit 2.*Empty fingerprint/);
    expect(() => parseFpcalcOutput(1, ok, 'boom')).toThrow(/exit 1.*boom/);
    expect(() => parseFpcalcOutput(3, JSON.stringify({ fingerprint: [] }), 'x')).toThrow(/empty fingerprint/);
    expect(() => parseFpcalcOutput(0, 'AQAA...', 'x')).toThrow(/no JSON/);
    expect(() => parseFpcalcOutput(0, JSON.stringify({ fingerprint: [-5] }), '')).toThrow(/unsigned/);
  });
});

describe('compareAudio (BER slide)', () => {
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const refItems = Uint32Array.from({ length: 2000 }, rnd);
  const print = (items: Uint32Array, startS = 0): AudioPrint => ({ items, itemS: AUDIO_ITEM_S, startS, durationS: items.length * AUDIO_ITEM_S });
  // 240 items from ref item 700, 2 bits flipped in each (BER 2/32)
  const qItems = refItems.slice(700, 940).map((x) => (x ^ 0x00010001) >>> 0);
  const ref = print(refItems, 100);

  it('finds the shift, with both start offsets in offsetS', () => {
    const m = compareAudio(ref, print(qItems, 5))!;
    expect(m.offsetS).toBeCloseTo(100 + 700 * AUDIO_ITEM_S - 5, 3);
    expect(m.ber).toBeCloseTo(2 / 32, 6);
    expect(m.similarity).toBeCloseTo(1 - 4 / 32, 6);
    expect(m.overlapS).toBeCloseTo(240 * AUDIO_ITEM_S, 6);
    expect(isAudioConfirmed(m)).toBe(true);
    expect(isAudioConfirmed(m, { maxBer: 0.05 })).toBe(false);
  });
  it('searches only around expectOffsetS when given', () => {
    const at = 100 + 700 * AUDIO_ITEM_S;
    expect(compareAudio(ref, print(qItems), { expectOffsetS: at + 3, toleranceS: 4 })!.offsetS).toBeCloseTo(at, 3);
    const far = compareAudio(ref, print(qItems), { expectOffsetS: at + 60, toleranceS: 4 })!;
    expect(far.ber).toBeGreaterThan(0.4);
    expect(isAudioConfirmed(far)).toBe(false);
  });
  it('returns null under the minimum overlap or over maxBer; rejects mixed item lengths', () => {
    expect(compareAudio(ref, print(qItems.slice(0, 20)))).toBeNull(); // 2.5 s < 3 s
    expect(compareAudio(ref, print(qItems), { maxBer: 0.05 })).toBeNull();
    expect(isAudioConfirmed(null)).toBe(false);
    expect(() => compareAudio(ref, { ...print(qItems), itemS: 0.1 })).toThrow(/item lengths/);
  });
});

describe.skipIf(!hasFpcalc)('audioFingerprint (ffmpeg | fpcalc)', () => {
  let ref: AudioPrint;
  beforeAll(async () => {
    ff('-f', 'lavfi', '-i', track(1, 36), ...video(36), ...mp4, f('ref.mp4'));
    ff('-ss', '12', '-i', f('ref.mp4'), '-t', '10', '-vn', '-c:a', 'aac', '-b:a', '48k', f('excerpt.m4a'));
    ff('-ss', '12.07', '-i', f('ref.mp4'), '-f', 'lavfi', '-i', 'anoisesrc=a=0.2:c=white:seed=3', '-filter_complex', '[0:a]volume=0.8[a];[a][1]amix=inputs=2:duration=first:normalize=0', '-t', '10', '-vn', '-c:a', 'aac', '-b:a', '48k', f('noisy.m4a'));
    ff('-f', 'lavfi', '-i', track(2, 12), ...video(12), ...mp4, f('other.mp4'));
    ff(...video(4), '-c:v', 'libx264', '-preset', 'ultrafast', f('noaudio.mp4'));
    ff('-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', ...video(8), ...mp4, f('silent.mp4'));
    ff('-f', 'lavfi', '-i', track(3, 2), '-c:a', 'aac', f('short.m4a'));
    ref = (await audioFingerprint(tools, f('ref.mp4'), { timeoutMs: 30_000 }))!;
  });

  it('fingerprints the reference: one item per ~0.1238 s after fpcalc\'s ~2.7 s start-up', () => {
    expect(ref.itemS).toBeCloseTo(0.12384, 5);
    expect(ref.startS).toBe(0);
    expect(ref.durationS).toBeGreaterThan(35.9);
    expect(ref.durationS).toBeLessThan(36.2);
    expect(ref.items.length).toBeGreaterThan(265);
    expect(ref.items.length).toBeLessThan(275);
    expect(new Set(ref.items).size).toBeGreaterThan(200);
  });

  it('confirms a re-encoded (aac 48k) 10 s excerpt at offset 12 s, full slide and windowed', async () => {
    const q = (await audioFingerprint(tools, f('excerpt.m4a'), { timeoutMs: 30_000 }))!;
    const full = compareAudio(ref, q)!;
    expect(Math.abs(full.offsetS - 12)).toBeLessThan(0.3);
    expect(full.ber).toBeLessThan(0.1);
    expect(full.overlapS).toBeGreaterThan(6.5);
    expect(isAudioConfirmed(full)).toBe(true);
    expect(compareAudio(ref, q, { expectOffsetS: 14, toleranceS: 5 })).toEqual(full);
  });

  it('honours startS/durationS: a slice of the reference aligns at offset 0', async () => {
    const q = (await audioFingerprint(tools, f('ref.mp4'), { startS: 20, durationS: 8, timeoutMs: 30_000 }))!;
    expect(q.startS).toBe(20);
    expect(q.durationS).toBeCloseTo(8, 1);
    const m = compareAudio(ref, q)!;
    expect(Math.abs(m.offsetS)).toBeLessThan(0.3);
    expect(m.ber).toBeLessThan(0.1);
  });

  it('still confirms an excerpt with white noise mixed in, cut half an item off the reference grid', async () => {
    const m = compareAudio(ref, (await audioFingerprint(tools, f('noisy.m4a'), { timeoutMs: 30_000 }))!)!;
    expect(Math.abs(m.offsetS - 12.07)).toBeLessThan(0.3);
    expect(m.ber).toBeLessThan(0.15);
    expect(isAudioConfirmed(m)).toBe(true);
  });

  it('does not confirm an unrelated track of the same style', async () => {
    const q = (await audioFingerprint(tools, f('other.mp4'), { startS: 1, durationS: 10, timeoutMs: 30_000 }))!;
    const m = compareAudio(ref, q)!;
    expect(m.ber).toBeGreaterThan(AUDIO_MAX_BER + 0.03);
    expect(isAudioConfirmed(m)).toBe(false);
  });

  it('returns null for no audio stream, a silent track and under 3 s of audio', async () => {
    expect(await audioFingerprint(tools, f('noaudio.mp4'), { timeoutMs: 30_000 })).toBeNull();
    expect(await audioFingerprint(tools, f('silent.mp4'), { timeoutMs: 30_000 })).toBeNull();
    expect(await audioFingerprint(tools, f('short.m4a'), { timeoutMs: 30_000 })).toBeNull();
  });

  it('throws on corrupt input, a failing fpcalc (with its stderr) and at the hard timeout', async () => {
    fs.writeFileSync(f('corrupt.mp4'), Buffer.concat([Buffer.from('not media'), Buffer.alloc(2048, 9)]));
    await expect(audioFingerprint(tools, f('corrupt.mp4'), { timeoutMs: 30_000 })).rejects.toMatchObject({ name: 'MediaError', permanent: true });
    fs.writeFileSync(f('fpcalc-fail'), '#!/bin/sh\ncat >/dev/null\necho "ERROR: codec exploded" >&2\nexit 4\n', { mode: 0o755 });
    await expect(audioFingerprint({ ...tools, fpcalcPath: f('fpcalc-fail') }, f('excerpt.m4a'), { timeoutMs: 30_000 })).rejects.toThrow(/exit 4.*codec exploded/);
    fs.writeFileSync(f('fpcalc-hang'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    await expect(audioFingerprint({ ...tools, fpcalcPath: f('fpcalc-hang') }, f('ref.mp4'), { timeoutMs: 1500 })).rejects.toThrow(/timed out/);
    await expect(audioFingerprint({ ...tools, fpcalcPath: f('no-such-fpcalc') }, f('excerpt.m4a'), { timeoutMs: 30_000 })).rejects.toThrow(/cannot start/);
  });
});

describe.each(adapters)('audio_fingerprints on %s', (_name, open) => {
  it('round-trips items (unsigned, little-endian) and ignores a second insert for the same asset', async () => {
    const db = await open();
    try {
      await insertFilm(db, 'film_a', { titleRu: 'А', titleKk: 'А' });
      await insertFilm(db, 'film_b', { titleRu: 'Б', titleKk: 'Б' });
      const master = await insertAsset(db, { filmId: 'film_a', kind: 'video', sha256: 'a'.repeat(64), blobPath: 'x', bytes: 1 });
      const trailer = await insertAsset(db, { filmId: 'film_a', kind: 'trailer', sha256: 'b'.repeat(64), blobPath: 'y', bytes: 1 });
      const items = Uint32Array.from([0, 1, 0x80000000, 0xffffffff, 0x12345678, 558758263]);
      const print: AudioPrint = { items, itemS: AUDIO_ITEM_S, startS: 2.5, durationS: 40.03 };
      await insertAudioPrint(db, { assetId: master, filmId: 'film_a', print });
      await insertAudioPrint(db, { assetId: master, filmId: 'film_a', print: { ...print, items: Uint32Array.from([9, 9, 9]) } });
      await insertAudioPrint(db, { assetId: trailer, filmId: 'film_a', print: { ...print, items: Uint32Array.from([5, 6]) } });
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audio_fingerprints WHERE asset_id = $1', [master]);
      expect(row!.n).toBe(1);
      const got = await audioPrintsForFilms(db, ['film_a', 'film_b']);
      expect([...got.keys()]).toEqual(['film_a']);
      expect(got.get('film_a')).toEqual(print);
      expect(await audioPrintsForFilms(db, [])).toEqual(new Map());
    } finally {
      await db.close();
    }
  });
});

describe('bytea packing', () => {
  it('packs little-endian and unpacks from an unaligned Buffer view (pg) or a Uint8Array (PGlite)', () => {
    const items = Uint32Array.from([0x01020304, 0xfffffffe]);
    const packed = packItems(items);
    expect([...packed]).toEqual([4, 3, 2, 1, 0xfe, 0xff, 0xff, 0xff]);
    const pool = Buffer.alloc(11);
    Buffer.from(packed).copy(pool, 3);
    expect(unpackItems(pool.subarray(3, 11))).toEqual(items);
    expect(() => unpackItems(new Uint8Array(5))).toThrow(/multiple of 4/);
  });
});
