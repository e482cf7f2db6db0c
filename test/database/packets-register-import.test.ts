// An import of a State Film Register export fills every packet field it has (issue 11): a film known only by its
// titles and register number gets its certificates, EIDR, rights holder, BIN and contact from a register CSV
// (Russian headers, as the register exports them), and the next packet carries them in the МВД complaint and the
// Prosecutor General request — none of them is listed as missing any more.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFilms } from '../../films/import.ts';
import { buildPacket } from '../../packets/packet.ts';
import { readZip } from '../../packets/zip.ts';
import type { Db } from '../../storage/db.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDirs } from '../kit/temp.ts';
import { FILM, makeDeps, seedCase } from './packets-fixtures.ts';

describe('a register import fills the packet', () => {
  let db: Db;
  const tmp = tempDirs('kuzet-reg-packet-');
  beforeEach(async () => { db = await freshPglite(); });
  afterEach(async () => db.close());

  it('puts every imported register field in the complaint and the request, and lists none as missing', async () => {
    const deps = await makeDeps(db, tmp());
    const matchId = await seedCase(db, deps, { matchId: 'm_reg' });
    const before = await readZip(deps.blobs.resolve((await buildPacket(deps, matchId)).blobPath), () => true);
    const missingBefore = before.find((e) => e.name === 'MISSING-DATA.md')!.data!.toString('utf8');
    expect(missingBefore).toContain('film.rights_holder_bin');
    expect(missingBefore).toContain('film.distribution_certificate_date');

    const csv = ['Регистрационный номер;Название на казахском языке;Название на русском языке;Номер прокатного удостоверения;Дата выдачи прокатного удостоверения;Удостоверение национального фильма;EIDR;Правообладатель;БИН правообладателя;Контакт для уведомлений',
      `ГРФ-0123-2016;${FILM.title_kk};${FILM.title_ru};ПУ № 0001234;15.03.2016;УНФ-77/2016;10.5240/7791-8534-2C23-9030-8610-5;ТОО «Казахфильм» им. Ш. Айманова;940140000385;Алматы, пр. Абая 176, legal@kazakhfilm.example`].join('\n');
    const r = await importFilms(db, Buffer.from(csv), { actor: 'test' });
    expect(r).toMatchObject({ created: 0, updated: 1, invalid: [] });
    await db.query('DELETE FROM packets WHERE match_id = $1', [matchId]);
    const after = await readZip(deps.blobs.resolve((await buildPacket(deps, matchId)).blobPath), () => true);
    const doc = (n: string) => after.find((e) => e.name === n)!.data!.toString('utf8');
    const missing = doc('MISSING-DATA.md');
    expect(missing).not.toMatch(/film\./);
    for (const name of ['documents/01-complaint-mvd.ru.md', 'documents/01-complaint-mvd.kk.md', 'documents/02-blocking-request-gp.ru.md']) {
      const text = doc(name);
      for (const v of ['940140000385', 'legal@kazakhfilm.example', 'ГРФ-0123-2016', 'ПУ № 0001234']) expect(text, `${name} carries ${v}`).toContain(v);
    }
    const complaint = doc('documents/01-complaint-mvd.ru.md');
    for (const v of ['УНФ-77/2016', '10.5240/7791-8534-2C23-9030-8610-5', '2016-03-15']) expect(complaint).toContain(v);
  });
});
