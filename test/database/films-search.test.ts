// Title search in any script (issue 11): kuzet films search (the --json contract), GET /api/films/search (a rights
// holder searches its own films only) and the public registry search, which uses the same normaliser.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import filmsSearch from '../../cli/commands/films-search.ts';
import { commands as allCommands } from '../../cli/commands/index.ts';
import { commandTable } from '../../cli/main.ts';
import { upsertFilm } from '../../films/upsert.ts';
import { postgresSearch } from '../../registry/search.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { linkFilm } from '../../storage/users.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedUser } from './registry-fixtures.ts';

const dir = tempDir('kuzet-films-search-');
const log = silentLog();
const FILMS = [
  { stateRegisterNo: 'S-1', titleKk: 'Дала үні', titleRu: 'Голос степи', titleEn: 'Voice of the Steppe', year: 2021 },
  { stateRegisterNo: 'S-2', titleKk: 'Қыз Жібек', titleRu: 'Кыз Жибек', titleEn: 'Kyz Zhibek', year: 1970 },
  { stateRegisterNo: 'S-3', titleKk: 'Жаужүрек мың бала', titleRu: 'Войско юного', titleEn: 'Myn Bala: Warriors of the Steppe', year: 2012, altTitles: ['Myn Bala'] },
  { stateRegisterNo: 'S-4', titleKk: 'Көшпенділер', titleRu: 'Кочевник', titleEn: 'Nomad', year: 2005 },
  { stateRegisterNo: 'S-5', titleKk: 'Томирис', titleRu: 'Томирис', titleEn: 'Tomiris', year: 2019 },
];

describe('film title search', () => {
  let api: Api;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    api = await startApi(dir);
    for (const f of FILMS) ids[f.stateRegisterNo] = (await upsertFilm(api.db, f, { actor: 'test' })).filmId;
  });
  afterAll(async () => api?.close());
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const env: CliEnv = {
      config: testConfig(), log, io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
      open: async () => ({ config: testConfig(), log, db: api.db, blobs: createBlobStore(path.join(dir, 'b')), close: async () => {} }),
    };
    expect(await filmsSearch.run(args, env)).toBe(0);
    return out;
  };
  const top = async (q: string) => (JSON.parse((await cli([q, '--json']))[0]!) as { films: Array<{ id: string; score: number }> }).films[0]?.id;

  it('is in the lazy command table and the command index', () => {
    expect(commandTable.find((e) => e.path.join(' ') === 'films search')?.summary).toBe(filmsSearch.summary);
    expect(allCommands).toContain(filmsSearch);
  });

  it('prints the --json contract', async () => {
    const out = JSON.parse((await cli(['dala', 'uni', '--json']))[0]!);
    expect(out).toEqual({ films: [{ id: ids['S-1'], title_kk: 'Дала үні', title_ru: 'Голос степи', title_en: 'Voice of the Steppe', score: 1 }] });
    expect(await cli(['zzzz qqqq'])).toEqual(['no film like "zzzz qqqq"']);
  });

  it('finds each film whatever script or spelling was typed', async () => {
    const cases: Array<[string, string]> = [
      ['dala uni', 'S-1'], ['golos stepi', 'S-1'], ['Голос степи', 'S-1'], ['Дала үні', 'S-1'], ['golos stepy', 'S-1'],
      ['qyz jıbek', 'S-2'], ['kyz zhibek', 'S-2'], ['Кыз Жибек', 'S-2'], ['қыз жибек 1970', 'S-2'], ['kyz jibeck', 'S-2'],
      ['jaujürek myñ bala', 'S-3'], ['zhauzhurek myn bala', 'S-3'], ['myn bala', 'S-3'],
      ['Köşpendıler', 'S-4'], ['koshpendiler', 'S-4'], ['кочевник', 'S-4'], ['nomad', 'S-4'],
      ['tomiris', 'S-5'], ['томирис', 'S-5'], ['tomirs', 'S-5'],
    ];
    for (const [q, no] of cases) expect(await top(q), q).toBe(ids[no]);
  });

  it('GET /api/films/search: a rights holder finds only its own films; the public may not call it', async () => {
    const holder = await seedUser(api.db, 'holder', 'rights_holder');
    const inv = await seedUser(api.db, 'inv', 'investigator');
    await linkFilm(api.db, { userId: holder.user.id, filmId: ids['S-5']!, actor: 'test' });
    const get = (key: string | null, q: string) => api.app.inject({ method: 'GET', url: `/api/films/search?q=${encodeURIComponent(q)}`, headers: key ? bearer(key) : {} });
    expect((await get(inv.apiKey, 'kyz zhibek')).json().films.map((f: { id: string }) => f.id)).toEqual([ids['S-2']]);
    expect((await get(holder.apiKey, 'kyz zhibek')).json()).toEqual({ films: [] });
    expect((await get(holder.apiKey, 'томирис')).json().films.map((f: { id: string }) => f.id)).toEqual([ids['S-5']]);
    expect((await get(null, 'tomiris')).statusCode).toBe(401);
    expect((await get(inv.apiKey, 'x'.repeat(201))).statusCode).toBe(400);
  });

  it('the public registry search finds an entry by its film in any script, and by domain', async () => {
    await api.db.query(
      `INSERT INTO registry_entries (id, domain, status, serial, film_ids, reason, activated_at) VALUES
        ('reg_a', 'kino-pirate.example', 'active', 1, $1, 'r', now()), ('reg_b', 'films.example', 'active', 2, $2, 'r', now()),
        ('reg_c', 'proposed.example', 'proposed', NULL, $1, 'r', NULL)`,
      [[ids['S-2']], [ids['S-1'], ids['S-4']]],
    );
    const search = postgresSearch(api.db);
    expect(await search.search('qyz jıbek')).toEqual(['reg_a']);
    expect(await search.search('Кыз Жибек')).toEqual(['reg_a']);
    expect(await search.search('golos stepi')).toEqual(['reg_b']);
    expect(await search.search('Көшпенділер')).toEqual(['reg_b']);
    expect(await search.search('pirate')).toEqual(['reg_a']);
    expect(await search.search('tomiris')).toEqual([]);
    const page = await api.app.inject({ method: 'GET', url: `/?q=${encodeURIComponent('dala uni')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('films.example');
    expect(page.body).not.toContain('kino-pirate.example');
  });
});
