import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../storage/db.ts';
import { licensedPlatformOf, listLicensedPlatforms, parseLicensedPlatform, setLicensedPlatforms } from '../../storage/licensed-platforms.ts';
import { adapters } from '../kit/db.ts';
import { seedFilm } from './registry-fixtures.ts';

describe('parseLicensedPlatform: one normal form for domains and channels', () => {
  it('normalises case, www, trailing dots, IDN and every t.me form', () => {
    expect(parseLicensedPlatform('https://WWW.Kinopark.KZ./films')).toEqual({ kind: 'domain', value: 'kinopark.kz' });
    expect(parseLicensedPlatform('фильм.қаз')).toEqual({ kind: 'domain', value: 'xn--h1agd3a5b.xn--80ao21a' });
    for (const t of ['@Kazakhfilm_Official', 't.me/kazakhfilm_official', 'https://t.me/s/KAZAKHFILM_OFFICIAL/'])
      expect(parseLicensedPlatform(t), t).toEqual({ kind: 'telegram', value: 'kazakhfilm_official' });
    for (const bad of ['', 'localhost', '127.0.0.1', 'not a domain', 'javascript:alert(1)']) expect(() => parseLicensedPlatform(bad), bad).toThrow();
  });
});

describe.each(adapters)('film_licensed_platforms on %s (migration 017)', (_n, open) => {
  let db: Db;
  afterEach(async () => db?.close());

  it('set replaces the list, audited once per change; lookups match hosts, parents and channels of that film only', async () => {
    db = await open();
    await seedFilm(db, 'film_1');
    await seedFilm(db, 'film_2', { kk: 'Б', ru: 'Б', en: 'B' });
    await setLicensedPlatforms(db, { filmId: 'film_1', platforms: ['kinopark.kz', '@kazakhfilm_official', 'KINOPARK.kz'], actor: 'u1' });
    expect((await listLicensedPlatforms(db, 'film_1')).map((p) => `${p.kind}:${p.value}`)).toEqual(['domain:kinopark.kz', 'telegram:kazakhfilm_official']);
    expect(await licensedPlatformOf(db, 'film_1', 'https://watch.KinoPark.kz./film/1')).toEqual({ kind: 'domain', value: 'kinopark.kz' });
    expect(await licensedPlatformOf(db, 'film_1', 'https://t.me/kazakhfilm_official/77')).toEqual({ kind: 'telegram', value: 'kazakhfilm_official' });
    expect(await licensedPlatformOf(db, 'film_1', 'https://t.me/s/Kazakhfilm_Official')).toEqual({ kind: 'telegram', value: 'kazakhfilm_official' });
    // another film, a look-alike host, another channel: not licensed
    expect(await licensedPlatformOf(db, 'film_2', 'https://kinopark.kz/film/1')).toBeNull();
    expect(await licensedPlatformOf(db, 'film_1', 'https://kinopark.kz.evil.example/film/1')).toBeNull();
    expect(await licensedPlatformOf(db, 'film_1', 'https://notkinopark.kz/')).toBeNull();
    expect(await licensedPlatformOf(db, 'film_1', 'https://t.me/kino_free_kz/1')).toBeNull();
    const audits = () => db.query(`SELECT details FROM audit_log WHERE action = 'film.licensed_platforms'`);
    expect(await audits()).toHaveLength(1);
    await setLicensedPlatforms(db, { filmId: 'film_1', platforms: ['@kazakhfilm_official', 'kinopark.kz'], actor: 'u1' });
    expect(await audits()).toHaveLength(1); // no change, no audit
    await setLicensedPlatforms(db, { filmId: 'film_1', platforms: ['@kazakhfilm_official'], actor: 'u1' });
    expect(await licensedPlatformOf(db, 'film_1', 'https://kinopark.kz/')).toBeNull();
    expect(((await audits())[1] as { details: unknown }).details).toEqual({ added: [], removed: ['domain:kinopark.kz'] });
    await expect(setLicensedPlatforms(db, { filmId: 'film_1', platforms: ['ok.example', 'bad host!'], actor: 'u1' })).rejects.toThrow(/not a domain/);
    expect(await listLicensedPlatforms(db, 'film_1')).toHaveLength(1); // nothing half-written
  });

  it('migration 017 protects the lawful platforms the issue named, and Telegram by ASN', async () => {
    db = await open();
    const doms = (await db.query<{ domain: string }>('SELECT domain FROM protected_domains')).map((r) => r.domain);
    expect(doms).toEqual(expect.arrayContaining(['telegram.me', 'youtu.be', 'rutube.ru', 'akorda.kz', 'gov.kz', 'egov.kz', 't.me']));
    for (const shared of ['pages.dev', 'github.io', 'kz']) expect(doms).not.toContain(shared);
    const asns = (await db.query<{ asn: string }>('SELECT asn FROM protected_asns')).map((r) => Number(r.asn));
    expect(asns).toEqual(expect.arrayContaining([62041, 59930]));
  });
});
