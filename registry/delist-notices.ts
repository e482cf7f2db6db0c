// The delisting feed's items as the notices search engines already take in bulk, grouped by film (one work each):
// - Google TCRP-style TXT (the Trusted Copyright Removal Program's bulk upload): per work, `#` lines describing the
//   copyrighted work, then its infringing URLs one a line, works separated by a blank line;
// - Lumen-style JSON: one notice per work in the Lumen database API's shape (notice.works_attributes[].
//   infringing_urls_attributes[].url, entity_notice_roles_attributes for sender and recipient).
// Only delisting items still to act on are notices (withdrawn items and reinstatements are not); the cursor is the feed's.
import type { Db } from '../storage/db.ts';
import type { DelistItem } from './delist.ts';

export interface NoticeFilm { id: string; titleKk: string; titleRu: string; titleEn: string | null; year: number | null }

export async function filmsOf(db: Db, items: DelistItem[]): Promise<Map<string, NoticeFilm>> {
  const ids = [...new Set(items.map((i) => i.filmId))];
  if (!ids.length) return new Map();
  const rows = await db.query<{ id: string; title_kk: string; title_ru: string; title_en: string | null; year: number | null }>(
    'SELECT id, title_kk, title_ru, title_en, year FROM films WHERE id = ANY($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.id, { id: r.id, titleKk: r.title_kk, titleRu: r.title_ru, titleEn: r.title_en, year: r.year }]));
}

const actionable = (items: DelistItem[]) => items.filter((i) => i.kind === 'delist' && i.status !== 'withdrawn');

function byFilm(items: DelistItem[]): Map<string, DelistItem[]> {
  const m = new Map<string, DelistItem[]>();
  for (const i of actionable(items)) m.set(i.filmId, [...(m.get(i.filmId) ?? []), i]);
  return m;
}

/** One line of text for a `#` comment: no line breaks, no control characters. */
const line = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
const title = (f: NoticeFilm | undefined, id: string) => (f ? `${f.titleEn ?? f.titleRu} / ${f.titleRu} / ${f.titleKk}${f.year ? ` (${f.year})` : ''}` : id);

export function tcrpText(items: DelistItem[], films: Map<string, NoticeFilm>, o: { sender: string; registryUrl: string; nextCursor: number }): string {
  const out = [`# Kuzet delisting notices for ${line(o.sender)}; next cursor ${o.nextCursor}`, ''];
  for (const [filmId, list] of byFilm(items)) {
    const f = films.get(filmId);
    out.push(
      `# Copyrighted work: the Kazakh national film ${line(title(f, filmId))}, registered with Kuzet as ${filmId}`,
      `# Infringing copies found by Kuzet (item ids ${list.map((i) => i.id).slice(0, 5).join(', ')}${list.length > 5 ? ', ...' : ''}); deadline ${list[0]!.deadlineAt}`,
      `# ${o.registryUrl}`,
      ...list.map((i) => line(i.url)),
      '',
    );
  }
  return out.join('\n');
}

export function lumenNotices(items: DelistItem[], films: Map<string, NoticeFilm>, o: { sender: string; recipient: string; now?: Date }) {
  const date = (o.now ?? new Date()).toISOString().slice(0, 10);
  return [...byFilm(items)].map(([filmId, list]) => {
    const f = films.get(filmId);
    return {
      notice: {
        title: `Unlicensed copies of the film ${title(f, filmId)}`,
        type: 'Other',
        subject: 'Copyright: delisting of infringing URLs (Kazakhstan)',
        date_sent: date,
        jurisdiction_list: 'KZ',
        language: 'en',
        works_attributes: [{
          kind: 'movie',
          description: `Kazakh national film ${title(f, filmId)} (Kuzet ${filmId})`,
          copyrighted_urls_attributes: [],
          infringing_urls_attributes: list.map((i) => ({ url: i.url })),
        }],
        entity_notice_roles_attributes: [
          { name: 'sender', entity_attributes: { name: o.sender, kind: 'organization', country_code: 'KZ' } },
          { name: 'recipient', entity_attributes: { name: o.recipient, kind: 'organization' } },
        ],
        kuzet: { filmId, items: list.map((i) => ({ id: i.id, seq: i.seq, deadlineAt: i.deadlineAt })) },
      },
    };
  });
}
