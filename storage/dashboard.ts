// What the dashboards (issue 11) count from the matcher's and the crawler's tables: detections per Almaty day, film,
// domain and verdict, and each film's exposure (URLs, domains, Telegram channels, views, subscribers, days online).
// Every query takes the films the caller may see (null: all — admins, supervisors) and a period of Almaty days.
// The SLA chain per item and which registry entry blocked a match are the registry's (registry/sla.ts): it owns those tables.
import type { Db } from './db.ts';

/** Kazakhstan is one zone, UTC+5 since 1 March 2024 (as registry/working-days.ts counts appeal deadlines). */
export const KZ_OFFSET_HOURS = 5;
const DAY_MS = 86400_000;

/** A period of whole Almaty days, both ends included; `start`/`end` are the UTC instants bounding it (end excluded). */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - KZ_OFFSET_HOURS * 3600_000);
/** today's date in Almaty, YYYY-MM-DD */
export const almatyDay = (at: Date) => new Date(at.getTime() + KZ_OFFSET_HOURS * 3600_000).toISOString().slice(0, 10);

/** from/to as given (YYYY-MM-DD, checked by the route's schema), defaults: the 30 days up to today. */
export function periodOf(q: { from?: string; to?: string }, now = new Date()): Period {
  const to = q.to ?? almatyDay(now);
  const from = q.from ?? almatyDay(new Date(dayStart(to).getTime() - 29 * DAY_MS + KZ_OFFSET_HOURS * 3600_000));
  return { from, to, start: dayStart(from), end: new Date(dayStart(to).getTime() + DAY_MS) };
}

/** the Almaty days of a period, oldest first */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${p.from}T00:00:00Z`); t <= Date.parse(`${p.to}T00:00:00Z`); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export type DetectionStatus = 'confirmed' | 'waiting' | 'rejected';
export interface DetectionRow {
  day: string;
  filmId: string;
  domain: string;
  status: DetectionStatus;
  count: number;
}

/** Match verdicts naming a film, by the Almaty day they were made, film, candidate domain and status ('dropped'
 *  verdicts — no match — are not detections). */
export async function detectionRows(db: Db, filmIds: readonly string[] | null, p: Period): Promise<DetectionRow[]> {
  const rows = await db.query<{ day: string; film_id: string; domain: string; status: string; n: number }>(
    `SELECT to_char((m.created_at AT TIME ZONE 'UTC') + make_interval(hours => $4::int), 'YYYY-MM-DD') AS day, m.film_id, c.domain, m.status, count(*)::int AS n
       FROM matches m JOIN candidates c ON c.id = m.candidate_id
      WHERE m.film_id IS NOT NULL AND ($1::text[] IS NULL OR m.film_id = ANY($1)) AND m.created_at >= $2 AND m.created_at < $3
        AND m.status IN ('confirmed', 'pending_review', 'rejected')
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [filmIds, p.start, p.end, KZ_OFFSET_HOURS],
  );
  return rows.map((r) => ({ day: r.day, filmId: r.film_id, domain: r.domain, status: r.status === 'pending_review' ? 'waiting' : (r.status as DetectionStatus), count: r.n }));
}

/** One candidate page with a confirmed or waiting match of a film in the period, with what the crawler saw of it. */
export interface ExposureRow {
  filmId: string;
  status: 'confirmed' | 'pending_review';
  url: string;
  domain: string;
  kind: string;
  views: string | null;
  subscribers: string | null;
  channelPage: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  matchId: string;
}

export async function exposureRows(db: Db, filmIds: readonly string[] | null, p: Period): Promise<ExposureRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT m.film_id, m.status, c.url, c.domain, c.kind, c.extra->>'views' AS views, c.extra->>'subscribers' AS subscribers,
            c.extra->>'channelPage' AS channel_page, c.first_seen_at, c.last_seen_at, m.id AS match_id
       FROM matches m JOIN candidates c ON c.id = m.candidate_id
      WHERE m.film_id IS NOT NULL AND ($1::text[] IS NULL OR m.film_id = ANY($1)) AND m.created_at >= $2 AND m.created_at < $3
        AND m.status IN ('confirmed', 'pending_review')
      ORDER BY m.film_id, c.url LIMIT 100000`,
    [filmIds, p.start, p.end],
  );
  return rows.map((r) => ({
    filmId: r.film_id as string, status: r.status as ExposureRow['status'], url: r.url as string, domain: r.domain as string, kind: r.kind as string,
    views: (r.views as string | null) ?? null, subscribers: (r.subscribers as string | null) ?? null, channelPage: (r.channel_page as string | null) ?? null,
    firstSeenAt: new Date(r.first_seen_at as string), lastSeenAt: new Date(r.last_seen_at as string), matchId: r.match_id as string,
  }));
}
