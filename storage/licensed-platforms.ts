// A film's licensed platforms: the domains and Telegram channels that distribute it lawfully (its rights holder
// says which). A match on one of them is never proposed for blocking or delisting for that film. Values are stored
// normalised (ASCII/punycode host, lower case, no trailing dot; channel names lower case without '@'), so every
// comparison is between normalised forms.
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';
import { hostOf, telegramChannel } from '../net/urls.ts';

export type LicensedKind = 'domain' | 'telegram';
export interface LicensedPlatform { filmId: string; kind: LicensedKind; value: string; addedBy: string | null; createdAt: string }

/** `@chan`, `t.me/chan`, `https://t.me/s/chan` → telegram; a URL or bare host → domain. Throws on anything else. */
export function parseLicensedPlatform(raw: string): { kind: LicensedKind; value: string } {
  const s = raw.trim();
  const channel = telegramChannel(s);
  if (channel) return { kind: 'telegram', value: channel.toLowerCase() };
  const host = hostOf(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
  if (!host || !/^[a-z0-9.-]+$/.test(host) || !host.includes('.') || /^[\d.]+$/.test(host)) throw new Error(`not a domain or a Telegram channel: ${JSON.stringify(raw)}`);
  return { kind: 'domain', value: host.replace(/^www\./, '') };
}

export async function listLicensedPlatforms(db: Db, filmId: string): Promise<LicensedPlatform[]> {
  const rows = await db.query<{ film_id: string; kind: LicensedKind; value: string; added_by: string | null; created_at: Date }>(
    'SELECT * FROM film_licensed_platforms WHERE film_id = $1 ORDER BY kind, value', [filmId]);
  return rows.map((r) => ({ filmId: r.film_id, kind: r.kind, value: r.value, addedBy: r.added_by, createdAt: new Date(r.created_at).toISOString() }));
}

/** Replaces a film's licensed platforms with `raw` (each parsed by parseLicensedPlatform); audited when it changed. */
export async function setLicensedPlatforms(db: Db, p: { filmId: string; platforms: string[]; actor: string }): Promise<Array<{ kind: LicensedKind; value: string }>> {
  const wanted = [...new Map(p.platforms.map(parseLicensedPlatform).map((x) => [`${x.kind}:${x.value}`, x])).values()];
  return db.tx(async (t) => {
    const before = await t.query<{ kind: string; value: string }>('SELECT kind, value FROM film_licensed_platforms WHERE film_id = $1 FOR UPDATE', [p.filmId]);
    const key = (x: { kind: string; value: string }) => `${x.kind}:${x.value}`;
    const had = new Set(before.map(key));
    const want = new Set(wanted.map(key));
    const removed = before.filter((x) => !want.has(key(x)));
    const added = wanted.filter((x) => !had.has(key(x)));
    for (const x of removed) await t.query('DELETE FROM film_licensed_platforms WHERE film_id = $1 AND kind = $2 AND value = $3', [p.filmId, x.kind, x.value]);
    for (const x of added) await t.query('INSERT INTO film_licensed_platforms (film_id, kind, value, added_by) VALUES ($1, $2, $3, $4)', [p.filmId, x.kind, x.value, p.actor]);
    if (added.length || removed.length) await appendAudit(t, { actor: p.actor, action: 'film.licensed_platforms', subject: p.filmId, details: { added: added.map(key), removed: removed.map(key) } });
    return wanted;
  });
}

/** The licensed platform of `filmId` that `url` is on (its host or a parent domain, or its t.me channel), else null. */
export async function licensedPlatformOf(db: Db, filmId: string, url: string): Promise<{ kind: LicensedKind; value: string } | null> {
  const channel = telegramChannel(url.replace(/\/\d+(?:[?#].*)?$/, ''));
  const host = hostOf(url);
  const parts = host.split('.');
  const names = parts.map((_, i) => parts.slice(i).join('.')).filter((n) => n.includes('.'));
  const rows = await db.query<{ kind: LicensedKind; value: string }>(
    `SELECT kind, value FROM film_licensed_platforms
      WHERE film_id = $1 AND ((kind = 'domain' AND value = ANY($2::text[])) OR (kind = 'telegram' AND value = $3))
      ORDER BY kind DESC, length(value) DESC LIMIT 1`,
    [filmId, names, channel?.toLowerCase() ?? null],
  );
  return rows[0] ?? null;
}
