// A film registered by its register data alone (metadata only) gets its reference video later: kuzet films add
// --video with the same --state-register-no attaches the video to that film (no second film), its protection becomes
// 'video', and the register data stays (issue 11).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import filmsAdd from '../../cli/commands/films-add.ts';
import { createContext } from '../../config/context.ts';
import { loadConfig } from '../../config/load.ts';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { getFilmRecord } from '../../storage/films.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

const tmp = tempDir('kuzet-attach-');
const config = loadConfig({ DATA_DIR: path.join(tmp, 'data') });
const log = silentLog();

function env(): CliEnv & { lines: string[] } {
  const lines: string[] = [];
  return { config, log, lines, io: { out: (s) => lines.push(s), err: (s) => lines.push(s) }, open: () => createContext(config, log) };
}

describe('reference video after the register data', () => {
  it('attaches the video to the metadata-only film with the same register number', async () => {
    const video = path.join(tmp, 'film.mp4');
    await generateFilm(config, video, { seed: 7, seconds: 6, width: 160, height: 90, title: 'ATTACH' });
    const meta = env();
    expect(await filmsAdd.run(['--title-kk', 'Бауыр', '--title-ru', 'Брат', '--state-register-no', 'AT-1', '--eidr', '10.5240/7791-8534-2C23-9030-8610-5', '--json'], meta)).toBe(0);
    const first = JSON.parse(meta.lines[0]!);
    expect(first).toMatchObject({ created: true, fingerprints: 0, protection: 'metadata' });
    const withVideo = env();
    expect(await filmsAdd.run(['--title-kk', 'Бауыр', '--title-ru', 'Брат', '--state-register-no', 'AT-1', '--video', video, '--json'], withVideo)).toBe(0);
    const second = JSON.parse(withVideo.lines[0]!);
    expect(second.id).toBe(first.id);
    expect(second.fingerprints).toBeGreaterThan(0);
    expect(second.protection).toBe('video');
    const ctx = await createContext(config, log);
    try {
      expect(await getFilmRecord(ctx.db, first.id)).toMatchObject({ stateRegisterNo: 'AT-1', eidr: '10.5240/7791-8534-2C23-9030-8610-5', protection: 'video' });
      expect(await ctx.db.query('SELECT count(*)::int AS n FROM films')).toEqual([{ n: 1 }]);
      const audit = await ctx.db.query<{ action: string; details: Record<string, unknown> }>(`SELECT action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [first.id]);
      expect(audit.map((a) => a.action)).toEqual(['film.create', 'film.register']);
      expect(audit[1]!.details).toMatchObject({ stateRegisterNo: 'AT-1', attachedToExisting: true });
    } finally {
      await ctx.close();
    }
  }, 300_000);
});
