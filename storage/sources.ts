// Monitored sources: pirate web sites and public Telegram channels.
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';
import { parseHttpUrl, telegramPreviewUrl } from '../net/urls.ts';

export interface SourceInput {
  kind: 'web' | 'telegram';
  url: string;
  profile?: string | null;
  recrawlMinutes?: number;
  proposedReason?: string | null;
}

export interface Source {
  id: string;
  kind: 'web' | 'telegram';
  url: string;
  domain: string;
  profile: string | null;
  enabled: boolean;
  recrawl_minutes: number;
  last_crawled_at: Date | null;
}

/** Adds a source (idempotent by URL). Telegram channels may be given as `@name`, `t.me/name` or a t.me/s URL. */
export async function addSource(db: Db, input: SourceInput): Promise<{ id: string; created: boolean }> {
  const url = normaliseSourceUrl(input);
  const id = `src_${createHash('sha256').update(url).digest('hex').slice(0, 20)}`;
  const rows = await db.query<{ id: string }>(
    `INSERT INTO sources (id, kind, url, domain, profile, recrawl_minutes, proposed_reason) VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (url) DO NOTHING RETURNING id`,
    [id, input.kind, url, new URL(url).hostname, input.profile ?? null, input.recrawlMinutes ?? 360, input.proposedReason ?? null],
  );
  return { id, created: rows.length > 0 };
}

export async function listSources(db: Db): Promise<Source[]> {
  return db.query<Source>('SELECT id, kind, url, domain, profile, enabled, recrawl_minutes, last_crawled_at FROM sources ORDER BY created_at');
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
