// A dashboard scenario (issue 11), written with SQL at known times: two rights holders (A: two films, one with a
// formula as its title; B: one film), matches confirmed / waiting / rejected on web pages and Telegram posts, a
// registry entry activated and applied by an operator, delisting items delisted in time, late, overdue and pending.
// Times are Almaty hours of days before today (`at(daysAgo, hour)`), except deadlines that must be past or future now.
import { createHash } from 'node:crypto';
import type { Db } from '../../storage/db.ts';
import { seedUser } from './registry-fixtures.ts';

const H = 3600_000;
/** Almaty midnight of today minus `daysAgo`, plus `hour` hours */
export function at(daysAgo: number, hour: number, now = new Date()): Date {
  const today = new Date(now.getTime() + 5 * H).toISOString().slice(0, 10);
  return new Date(Date.parse(`${today}T00:00:00Z`) - 5 * H - daysAgo * 24 * H + hour * H);
}

export const HOSTILE_TITLE = '=HYPERLINK("http://evil.example/x","click")';

async function film(db: Db, id: string, t: [string, string, string | null], registerNo: string, holder: string, userId: string) {
  await db.query(`INSERT INTO films (id, title_kk, title_ru, title_en, year, state_register_no, rights_holder) VALUES ($1, $2, $3, $4, 2021, $5, $6)`, [id, ...t, registerNo, holder]);
  await db.query('INSERT INTO user_films (user_id, film_id) VALUES ($1, $2)', [userId, id]);
}

interface M { url: string; filmId: string; status: 'confirmed' | 'pending_review' | 'rejected'; created: Date; firstSeen: Date; lastSeen: Date; extra?: Record<string, unknown> }
async function match(db: Db, m: M): Promise<string> {
  const candId = `cand_${createHash('sha256').update(m.url).digest('hex')}`;
  const kind = m.url.startsWith('https://t.me/') ? 'telegram' : 'detail';
  await db.query(
    `INSERT INTO candidates (id, url, domain, kind, title, extra, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, 'x', $5, $6, $7) ON CONFLICT DO NOTHING`,
    [candId, m.url, new URL(m.url).hostname, kind, JSON.stringify(m.extra ?? {}), m.firstSeen, m.lastSeen],
  );
  const id = `m_${createHash('sha256').update(m.url + m.filmId).digest('hex').slice(0, 16)}`;
  const decision = m.status === 'confirmed' ? 'match' : 'review';
  await db.query(
    `INSERT INTO matches (id, candidate_id, film_id, checkpoint, media_url, score, matched_frames, decision, status, created_at, decided_at, decided_by)
     VALUES ($1, $2, $3, 'cp1', $4, 0.93, 12, $5, $6, $7, $8, 'auto')`,
    [id, candId, m.filmId, `${m.url}/v.mp4`, decision, m.status, m.created, m.status === 'pending_review' ? null : new Date(m.created.getTime() + 2 * H)],
  );
  return id;
}

async function delistItem(db: Db, url: string, filmId: string, matchId: string, created: Date, deadline: Date): Promise<string> {
  const id = `dl_${createHash('sha256').update(url).digest('hex')}`;
  await db.query(`INSERT INTO delist_items (id, url, domain, film_id, match_id, reason, created_at, deadline_at) VALUES ($1, $2, $3, $4, $5, 'test', $6, $7)`,
    [id, url, new URL(url).hostname, filmId, matchId, created, deadline]);
  return id;
}

export async function seedDashboard(db: Db, now = new Date()) {
  const a = await seedUser(db, 'Казахфильм', 'rights_holder');
  const b = await seedUser(db, 'Другая студия', 'rights_holder');
  const sup = await seedUser(db, 'Supervisor', 'supervisor');
  const engine = await seedUser(db, 'Search engine', 'search_engine');
  const isp = await seedUser(db, 'Operator ISP', 'isp');
  await film(db, 'film_a1', ['Дала үні', 'Голос степи', 'Voice of the Steppe'], '0001-21', 'АО «Казахфильм»', a.user.id);
  await film(db, 'film_a2', [HOSTILE_TITLE, '+SUM(A1)', null], '@0002-22', 'АО «Казахфильм»', a.user.id);
  await film(db, 'film_b1', ['Құпия', 'Тайна', 'Secret'], '0003-23', 'ТОО «Другая студия»', b.user.id);

  const m1 = await match(db, { url: 'https://kino-pirate.example/film/dala-uni', filmId: 'film_a1', status: 'confirmed', created: at(3, 10, now), firstSeen: at(5, 9, now), lastSeen: at(1, 9, now) });
  const m2 = await match(db, { url: 'https://mirror.example/v/123', filmId: 'film_a1', status: 'confirmed', created: at(2, 9, now), firstSeen: at(2, 8, now), lastSeen: at(1, 8, now) });
  const tg = { views: '1.2K', subscribers: '15,3K', channelPage: 'https://t.me/s/piratechan' };
  const m3 = await match(db, { url: 'https://t.me/piratechan/42', filmId: 'film_a1', status: 'confirmed', created: at(1, 14, now), firstSeen: at(1, 12, now), lastSeen: at(1, 20, now), extra: tg });
  const m4 = await match(db, { url: 'https://t.me/piratechan/43', filmId: 'film_a1', status: 'confirmed', created: at(1, 15, now), firstSeen: at(1, 12, now), lastSeen: at(1, 20, now), extra: { ...tg, views: '800', subscribers: '15.3K' } });
  const m5 = await match(db, { url: 'https://kino-pirate.example/film/other', filmId: 'film_a1', status: 'pending_review', created: at(1, 16, now), firstSeen: at(1, 16, now), lastSeen: at(1, 16, now) });
  const m6 = await match(db, { url: 'https://legal.example/x', filmId: 'film_a1', status: 'rejected', created: at(2, 11, now), firstSeen: at(2, 11, now), lastSeen: at(2, 11, now) });
  const m7 = await match(db, { url: 'https://old.example/a', filmId: 'film_a1', status: 'confirmed', created: at(60, 10, now), firstSeen: at(61, 10, now), lastSeen: at(40, 10, now) });
  const m8 = await match(db, { url: 'https://late.example/y', filmId: 'film_a1', status: 'confirmed', created: at(2, 12, now), firstSeen: at(2, 12, now), lastSeen: at(2, 13, now) });
  const a2 = await match(db, { url: 'https://evil-host.example/p', filmId: 'film_a2', status: 'confirmed', created: at(2, 10, now), firstSeen: at(2, 10, now), lastSeen: at(2, 10, now) });
  const b1 = await match(db, { url: 'https://kino-pirate.example/film/secret', filmId: 'film_b1', status: 'confirmed', created: at(2, 10, now), firstSeen: at(2, 10, now), lastSeen: at(2, 10, now) });
  const b2 = await match(db, { url: 'https://t.me/bchannel/1', filmId: 'film_b1', status: 'confirmed', created: at(1, 10, now), firstSeen: at(1, 10, now), lastSeen: at(1, 10, now), extra: { views: '5K', subscribers: '900', channelPage: 'https://t.me/s/bchannel' } });

  // m1: confirmed at +2 h; its domain's entry active 20 h later; delisted 10 h after the item; applied 3 h after activation
  const confirmed1 = new Date(at(3, 10, now).getTime() + 2 * H);
  const activated = new Date(confirmed1.getTime() + 20 * H);
  const [{ serial }] = (await db.query<{ serial: number }>(
    `INSERT INTO registry_entries (id, domain, status, serial, film_ids, match_ids, reason, proposed_at, activated_at)
     VALUES ('reg_kp', 'kino-pirate.example', 'active', nextval('registry_serial'), $1, $2, 'test', $3, $4) RETURNING serial`,
    [['film_a1', 'film_b1'], [m1, b1], confirmed1, activated],
  )) as [{ serial: number }];
  const d1 = await delistItem(db, 'https://kino-pirate.example/film/dala-uni', 'film_a1', m1, confirmed1, new Date(confirmed1.getTime() + 24 * H));
  const delisted1 = new Date(confirmed1.getTime() + 10 * H);
  await db.query(`INSERT INTO delist_acks (item_id, user_id, phase, verdict, acted_at) VALUES ($1, $2, 'delist', 'delisted', $3)`, [d1, engine.user.id, delisted1]);
  const applied = new Date(activated.getTime() + 3 * H);
  await db.query(`INSERT INTO feed_applied (user_id, serial, feed, applied_at) VALUES ($1, $2, 'rpz.zone', $3)`, [isp.user.id, serial, applied]);
  // m2: item created 30 h ago, deadline 6 h ago, nobody delisted it: overdue
  await delistItem(db, 'https://mirror.example/v/123', 'film_a1', m2, new Date(now.getTime() - 30 * H), new Date(now.getTime() - 6 * H));
  // m3: item created 2 h ago, due in 22 h: pending, not overdue
  await delistItem(db, 'https://t.me/piratechan/42', 'film_a1', m3, new Date(now.getTime() - 2 * H), new Date(now.getTime() + 22 * H));
  // m8: delisted 5 h after its deadline: late, not overdue
  const d8 = await delistItem(db, 'https://late.example/y', 'film_a1', m8, at(2, 14, now), at(1, 14, now));
  await db.query(`INSERT INTO delist_acks (item_id, user_id, phase, verdict, acted_at) VALUES ($1, $2, 'delist', 'delisted', $3)`, [d8, engine.user.id, at(1, 19, now)]);
  return { a, b, sup, engine, isp, serial, times: { confirmed1, activated, delisted1, applied }, ids: { m1, m2, m3, m4, m5, m6, m7, m8, a2, b1, b2 } };
}
