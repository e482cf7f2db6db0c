// Loads everything a takedown packet says about one match (match, candidate, source, film, evidence rows)
// into one plain, JSON-ready CaseData: the single input of case.json and of every document.
import path from 'node:path';
import type { Db } from '../storage/db.ts';
import { loadCaseRows } from '../storage/cases.ts';

/** Thrown for a request that will never succeed (unknown or unconfirmed match): do not retry. */
export class PacketRefusedError extends Error {
  readonly permanent = true;
  override name = 'PacketRefusedError';
}

export interface CaseFilm {
  id: string; title_kk: string; title_ru: string; title_en: string | null; alt_titles: string[]; year: number | null;
  state_register_no: string | null; distribution_certificate: string | null; eidr: string | null;
  kinopoisk_id: number | null; imdb_id: string | null; rights_holder: string | null;
}

export interface CaseEvidence {
  id: string; kind: string; url: string | null; sha256: string; bytes: number; media_type: string | null;
  http_status: number | null; captured_at: string; meta: Record<string, unknown>;
  /** where the blob lives in the store, and where it goes in the packet */
  blob_path: string; packet_path: string;
}

export interface CaseData {
  packet_id: string;
  generated_at: string;
  /** id of the Ed25519 key that signs the packet manifest */
  key_id: string;
  film: CaseFilm;
  infringement: {
    url: string; domain: string; page_kind: string; page_title: string | null; http_status: number | null;
    first_seen_at: string; last_seen_at: string; telegram: boolean;
    /** set when the domain is a platform/state site that gets URL notices only, never a block */
    protected_domain: { domain: string; reason: string } | null;
    source: { id: string; kind: string; url: string; domain: string; profile: string | null } | null;
  };
  detection: {
    match_id: string; checkpoint: string; media_url: string | null; score: number; offset_seconds: number | null;
    matched_frames: number; decision: string; status: string; detected_at: string; decided_at: string | null;
    decided_by: string | null; details: Record<string, unknown>;
  };
  evidence: CaseEvidence[];
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));

export async function loadCase(db: Db, matchId: string, ids: { packetId: string; keyId: string; generatedAt: Date }): Promise<CaseData> {
  const rows = await loadCaseRows(db, matchId);
  if (!rows) throw new PacketRefusedError(`match ${matchId} does not exist`);
  const { match: m, candidate: c, film: f, source: s, protectedRows, evidence: ev } = rows;
  if (m.status !== 'confirmed') throw new PacketRefusedError(`match ${matchId} is ${m.status}, not confirmed: no packet`);
  if (!m.film_id) throw new PacketRefusedError(`match ${matchId} names no film`);
  if (!c || !f) throw new PacketRefusedError(`match ${matchId}: candidate or film row is missing`);
  const domain = String(c.domain).toLowerCase();
  return {
    packet_id: ids.packetId,
    generated_at: ids.generatedAt.toISOString(),
    key_id: ids.keyId,
    film: {
      id: f.id, title_kk: f.title_kk, title_ru: f.title_ru, title_en: f.title_en ?? null, alt_titles: f.alt_titles ?? [],
      year: f.year ?? null, state_register_no: f.state_register_no ?? null, distribution_certificate: f.distribution_certificate ?? null,
      eidr: f.eidr ?? null, kinopoisk_id: f.kinopoisk_id == null ? null : Number(f.kinopoisk_id), imdb_id: f.imdb_id ?? null,
      rights_holder: f.rights_holder ?? null,
    },
    infringement: {
      url: c.url, domain, page_kind: c.kind, page_title: c.title ?? null, http_status: c.http_status ?? null,
      first_seen_at: iso(c.first_seen_at), last_seen_at: iso(c.last_seen_at),
      telegram: domain === 't.me' || domain === 'telegram.me',
      protected_domain: protectedRows[0] ?? null,
      source: s ? { id: s.id, kind: s.kind, url: s.url, domain: s.domain, profile: s.profile ?? null } : null,
    },
    detection: {
      match_id: m.id, checkpoint: m.checkpoint, media_url: m.media_url ?? null, score: Number(m.score),
      offset_seconds: m.offset_seconds == null ? null : Number(m.offset_seconds), matched_frames: Number(m.matched_frames),
      decision: m.decision, status: m.status, detected_at: iso(m.created_at), decided_at: isoOrNull(m.decided_at),
      decided_by: m.decided_by ?? null, details: m.details ?? {},
    },
    evidence: dedupe(ev.map(toEvidence)),
  };
}

function toEvidence(e: Row): CaseEvidence {
  const ext = evidenceExt(e.blob_path, e.media_type);
  return {
    id: e.id, kind: e.kind, url: e.url ?? null, sha256: e.sha256, bytes: Number(e.bytes), media_type: e.media_type ?? null,
    http_status: e.http_status ?? null, captured_at: iso(e.captured_at), meta: e.meta ?? {},
    blob_path: e.blob_path, packet_path: `evidence/${e.kind}/${e.sha256}${ext}`,
  };
}

const BY_TYPE: Record<string, string> = {
  'text/html': '.html', 'application/xhtml+xml': '.html', 'application/vnd.apple.mpegurl': '.m3u8',
  'application/x-mpegurl': '.m3u8', 'audio/mpegurl': '.m3u8', 'application/dash+xml': '.mpd', 'image/jpeg': '.jpg',
  'image/png': '.png', 'image/webp': '.webp', 'application/json': '.json', 'text/plain': '.txt', 'video/mp4': '.mp4',
};

export function evidenceExt(blobPath: string, mediaType: string | null): string {
  const fromPath = path.extname(blobPath ?? '').toLowerCase();
  if (/^\.[a-z0-9]{1,8}$/.test(fromPath)) return fromPath;
  return BY_TYPE[(mediaType ?? '').split(';')[0]!.trim().toLowerCase()] ?? '.bin';
}

function dedupe(list: CaseEvidence[]): CaseEvidence[] {
  const seen = new Set<string>();
  return list.filter((e) => (seen.has(e.packet_path) ? false : (seen.add(e.packet_path), true)));
}
