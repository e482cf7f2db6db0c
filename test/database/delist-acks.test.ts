// Search engines and operators as accounts (issue 10): the delisting feed refuses anonymous callers; each search
// engine acknowledges items (delisted | refused with a reason), sees its own statuses (overdue past the deadline
// without an acknowledgement), gets a reinstatement item when an entry's items are withdrawn; the same items as TCRP
// TXT and Lumen JSON (a film title cannot smuggle a URL line into the TXT); an isp account reports the serial it
// applied; the SLA view shows both; every acknowledgement and report is audited with the key that carried it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawDelistItems } from '../../registry/delist.ts';
import { publishMatch } from '../../registry/publish.ts';
import { seedLoad } from '../../bench/api-seed.ts';
import { keyHash } from '../../storage/users.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedFilm, seedMatch, seedUser } from './registry-fixtures.ts';

type Item = { seq: number; kind: string; id: string; url: string; status: string; ack: { verdict: string; reason: string | null } | null };

describe('delisting acknowledgements and operator reports', () => {
  let api: Api;
  const dir = tempDir('kuzet-acks-');
  const keys: Record<string, string> = {};
  const ids: string[] = [];
  const as = (who: string) => ({ headers: bearer(keys[who]!) });
  const feed = async (who: string, after = 0) => (await api.app.inject({ url: `/api/delist?after=${after}`, ...as(who) })).json() as { items: Item[]; nextCursor: number };
  const ack = (who: string, id: string, body: object) => api.app.inject({ method: 'POST', url: `/api/delist/${id}/ack`, payload: body, ...as(who) });

  beforeAll(async () => {
    api = await startApi(dir);
    for (const [name, role] of [['google', 'search_engine'], ['yandex', 'search_engine'], ['kt', 'isp'], ['sup', 'supervisor'], ['inv', 'investigator'], ['adm', 'admin']] as const) {
      keys[name] = (await seedUser(api.db, name, role)).apiKey;
    }
    const film = await seedFilm(api.db, 'film_n', { kk: 'Атамекен', ru: 'Атамекен\nhttps://victim.example/not-infringing', en: 'Homeland\r\n# injected' });
    for (const url of ['https://a.kino-one.example/f/1', 'https://b.kino-one.example/f/2', 'https://kino-two.example/f/3']) {
      ids.push((await publishMatch({ db: api.db, cfg: testConfig(), log: silentLog() }, await seedMatch(api.db, url, { filmId: film }))).delistItemId!);
    }
    await api.db.query(`UPDATE delist_items SET deadline_at = now() - interval '1 hour' WHERE id = $1`, [ids[2]]);
  });
  afterAll(() => api?.close());

  it('refuses the feed to anonymous callers and to roles it is not for', async () => {
    expect((await api.app.inject({ url: '/api/delist' })).statusCode).toBe(401);
    expect((await api.app.inject({ url: '/api/delist', ...as('inv') })).statusCode).toBe(403);
    expect((await api.app.inject({ url: '/api/delist', ...as('kt') })).statusCode).toBe(403);
    expect((await api.app.inject({ url: '/api/delist', ...as('adm') })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'POST', url: `/api/delist/${ids[0]}/ack`, payload: { verdict: 'delisted' }, ...as('adm') })).statusCode).toBe(403);
  });

  it('records each engine\'s acknowledgements separately, with overdue by deadline, audited with the key', async () => {
    expect((await feed('google')).items.map((i) => i.status)).toEqual(['open', 'open', 'overdue']);
    const r = await ack('google', ids[0]!, { verdict: 'delisted' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: ids[0], changed: true, ack: { verdict: 'delisted', reason: null } });
    expect((await ack('google', ids[0]!, { verdict: 'delisted' })).json().changed).toBe(false); // idempotent
    expect((await ack('google', ids[1]!, { verdict: 'refused' })).statusCode).toBe(400); // a refusal needs a reason
    expect((await ack('google', ids[1]!, { verdict: 'refused', reason: 'page already gone (404)' })).statusCode).toBe(200);
    expect((await ack('google', 'dl_unknown', { verdict: 'delisted' })).statusCode).toBe(404);
    expect((await ack('google', ids[0]!, { verdict: 'reinstated' })).statusCode).toBe(409); // nothing withdrawn
    expect((await ack('google', ids[0]!, { verdict: 'delisted', actedAt: '2999-01-01T00:00:00Z' })).statusCode).toBe(409);
    expect((await feed('google')).items.map((i) => i.status)).toEqual(['delisted', 'refused', 'overdue']);
    expect((await feed('yandex')).items.map((i) => i.status)).toEqual(['open', 'open', 'overdue']);
    expect((await feed('adm')).items.every((i) => i.ack === null)).toBe(true);
    const audit = await api.db.query<{ actor: string; subject: string; details: { verdict: string; via: { keyId: string } } }>(`SELECT actor, subject, details FROM audit_log WHERE action = 'delist.ack' ORDER BY seq`);
    expect(audit.map((a) => [a.subject, a.details.verdict])).toEqual([[ids[0], 'delisted'], [ids[1], 'refused']]);
    expect(audit[0]!.details.via).toEqual({ channel: 'api', keyId: keyHash(keys.google!).slice(0, 16) });
  });

  it('withdraws an entry\'s items: the old item says withdrawn, a reinstatement item follows the cursor', async () => {
    const before = await feed('google');
    const n = await api.db.tx((t) => withdrawDelistItems(t, { domain: 'kino-one.example', reason: 'entry lifted on appeal', actor: 'sup' }));
    expect(n).toBe(2);
    const after = await feed('google', before.nextCursor);
    expect(after.items.map((i) => [i.kind, i.id, i.status])).toEqual([['reinstate', ids[0], 'open'], ['reinstate', ids[1], 'open']]);
    expect(after.items[0]!.seq).toBeGreaterThan(before.nextCursor);
    expect((await feed('google')).items.filter((i) => i.kind === 'delist').map((i) => i.status)).toEqual(['withdrawn', 'withdrawn', 'overdue']);
    expect((await ack('google', ids[0]!, { verdict: 'reinstated' })).statusCode).toBe(200);
    expect((await feed('google', before.nextCursor)).items[0]!.status).toBe('reinstated');
    expect(await api.db.tx((t) => withdrawDelistItems(t, { domain: 'kino-one.example', reason: 'again', actor: 'sup' }))).toBe(0);
    const [w] = await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'delist.withdraw'`);
    expect(w!.n).toBe(1);
  });

  it('exports the open items as TCRP TXT and Lumen JSON; a title cannot add a URL line', async () => {
    await api.db.query(`UPDATE delist_items SET status = 'open', withdrawn_at = NULL, reinstate_seq = NULL WHERE id = ANY($1)`, [ids]);
    const txt = await api.app.inject({ url: '/api/delist/tcrp.txt', ...as('yandex') });
    expect(txt.statusCode).toBe(200);
    const lines = txt.body.split('\n');
    expect(lines.filter((l) => l && !l.startsWith('#'))).toEqual(['https://a.kino-one.example/f/1', 'https://b.kino-one.example/f/2', 'https://kino-two.example/f/3']);
    expect(txt.body).toContain('Homeland # injected');
    expect(txt.headers['x-next-cursor']).toBe(String((await feed('yandex')).nextCursor));
    const lumen = (await api.app.inject({ url: '/api/delist/lumen.json', ...as('yandex') })).json();
    expect(lumen.notices).toHaveLength(1);
    expect(lumen.notices[0].notice.works_attributes[0].infringing_urls_attributes).toEqual([
      { url: 'https://a.kino-one.example/f/1' }, { url: 'https://b.kino-one.example/f/2' }, { url: 'https://kino-two.example/f/3' }]);
    expect(lumen.notices[0].notice.entity_notice_roles_attributes.map((e: { name: string }) => e.name)).toEqual(['sender', 'recipient']);
  });

  it('an isp reports the serial it applied; the SLA view shows who applied what when and acknowledgements per engine', async () => {
    await seedLoad(api.db, { entries: 3, delist: 0 });
    const post = (body: object, who = 'kt') => api.app.inject({ method: 'POST', url: '/api/feeds/applied', payload: body, ...as(who) });
    const at = new Date(Date.now() - 60_000).toISOString();
    const r = await post({ serial: 3, appliedAt: at, feed: 'rpz.zone' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ serial: 3, feed: 'rpz.zone', appliedAt: at, current: 3 });
    expect((await post({ serial: 4, appliedAt: at })).statusCode).toBe(409); // no such serial yet
    expect((await post({ serial: 3, appliedAt: 'yesterday' })).statusCode).toBe(400);
    expect((await post({ serial: 3, appliedAt: at }, 'google')).statusCode).toBe(403);
    expect((await api.app.inject({ url: '/api/sla', ...as('kt') })).statusCode).toBe(403);
    const sla = (await api.app.inject({ url: '/api/sla', ...as('sup') })).json();
    expect(sla.registry.serial).toBe(3);
    expect(sla.operators).toEqual([expect.objectContaining({ name: 'kt', lastSerial: 3, feed: 'rpz.zone', appliedAt: at, serialsBehind: 0, reports: 1 })]);
    const google = sla.searchEngines.find((e: { name: string }) => e.name === 'google');
    const yandex = sla.searchEngines.find((e: { name: string }) => e.name === 'yandex');
    expect(google).toMatchObject({ delisted: 1, refused: 1, overdue: 1, pending: 0 });
    expect(yandex).toMatchObject({ delisted: 0, refused: 0, overdue: 1, pending: 2 });
    expect(sla.delist).toMatchObject({ total: 3, open: 3, pastDeadline: 1 });
    const [audit] = await api.db.query<{ actor: string; details: { feed: string } }>(`SELECT actor, details FROM audit_log WHERE action = 'feed.applied'`);
    expect(audit!.details.feed).toBe('rpz.zone');
  });
});
