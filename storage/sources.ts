// Monitored sources: pirate web sites and public Telegram channels. The one `Source` type of the code base.
import type { Db } from './db.ts';
import { sha256Hex } from './hash.ts';
import { appendAudit } from './audit.ts';
import { parseHttpUrl, siteHostOf, telegramPreviewUrl } from '../net/urls.ts';

export type SourceKind = 'web' | 'telegram';

export interface SourceInput {
  kind: SourceKind;
  url: string;
  profile?: string | null;
  recrawlMinutes?: number;
  proposedReason?: string | null;
}

/** A row of `sources`. Crawlers need only `id`, `kind`, `url`, `profile`: they take `Pick<Source, …>`. */
export interface Source {
  id: string;
  kind: SourceKind;
  url: string;
  domain: string;
  profile: string | null;
  enabled: boolean;
  recrawl_minutes: number;
  proposed_reason: string | null;
  last_crawled_at: Date | null;
  created_at: Date;
}

/** What the crawl job needs of the sources table. */
export interface SourceStore {
  get(id: string): Promise<Source | null>;
  markCrawled(id: string): Promise<void>;
}

export const sourceStore = (db: Db): SourceStore => ({
  get: (id) => getSource(db, id),
  markCrawled: async (id) => { await db.query('UPDATE sources SET last_crawled_at = now() WHERE id = $1', [id]); },
});

/** Adds a source (idempotent by URL). Telegram channels may be given as `@name`, `t.me/name` or a t.me/s URL. */
export async function addSource(db: Db, input: SourceInput & { enabled?: boolean }): Promise<{ id: string; created: boolean }> {
  const url = normaliseSourceUrl(input);
  const id = `src_${sha256Hex(url).slice(0, 20)}`;
  const rows = await db.query<{ id: string }>(
    `INSERT INTO sources (id, kind, url, domain, profile, recrawl_minutes, proposed_reason, enabled) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (url) DO NOTHING RETURNING id`,
    [id, input.kind, url, new URL(url).hostname, input.profile ?? null, input.recrawlMinutes ?? 360, input.proposedReason ?? null, input.enabled ?? true],
  );
  return { id, created: rows.length > 0 };
}

export async function getSource(db: Db, id: string): Promise<Source | null> {
  const [row] = await db.query<Source>('SELECT * FROM sources WHERE id = $1', [id]);
  return row ?? null;
}

/** All sources, oldest first; `proposed` keeps only mirrors waiting (disabled, with a reason) for an investigator. */
export async function listSources(db: Db, opts: { proposed?: boolean; newestFirst?: boolean; limit?: number } = {}): Promise<Source[]> {
  const where = opts.proposed ? 'WHERE NOT enabled AND proposed_reason IS NOT NULL' : '';
  return db.query<Source>(`SELECT * FROM sources ${where} ORDER BY created_at ${opts.newestFirst ? 'DESC' : 'ASC'} LIMIT $1`, [opts.limit ?? 100_000]);
}

/** Sources the recrawl schedule must hold, with their period. */
export async function enabledSources(db: Db): Promise<Array<Pick<Source, 'id' | 'recrawl_minutes'>>> {
  return db.query('SELECT id, recrawl_minutes FROM sources WHERE enabled ORDER BY id');
}

export async function setSourceEnabled(db: Db, id: string, enabled: boolean): Promise<Source | null> {
  const [row] = await db.query<Source>('UPDATE sources SET enabled = $2 WHERE id = $1 RETURNING *', [id, enabled]);
  return row ?? null;
}

/** A mirror found by discovery: a DISABLED source with its reason, unless the site (with or without www.) is known. */
export async function proposeMirrorSource(db: Db, p: { url: string; reason: string; fromSourceId?: string }): Promise<{ id: string } | null> {
  const bare = siteHostOf(p.url);
  return db.tx(async (t) => {
    const known = await t.query('SELECT 1 FROM sources WHERE domain = $1 OR domain = $2 LIMIT 1', [bare, `www.${bare}`]);
    if (known.length) return null;
    const { id } = await addSource(t, { kind: 'web', url: p.url, proposedReason: p.reason, enabled: false });
    await appendAudit(t, { actor: 'crawler', action: 'source.propose', subject: id, details: { url: p.url, reason: p.reason, fromSourceId: p.fromSourceId ?? null } });
    return { id };
  });
}

export function normaliseSourceUrl(input: Pick<SourceInput, 'kind' | 'url'>): string {
  let raw = input.url.trim();
  if (input.kind === 'telegram') raw = telegramPreviewUrl(raw);
  if (!URL.canParse(raw)) throw new Error(`not a URL: ${input.url}`);
  const u = parseHttpUrl(raw);
  if (!u) throw new Error(`only http(s) sources can be crawled: ${input.url}`);
  u.hash = '';
  return u.toString();
}
