// Loads everything a takedown packet says about one match (match, candidate, source, film, evidence rows, who decided,
// what the evidence is) into one plain, JSON-ready CaseData: the single input of case.json and of every document.
import type { Db } from '../storage/db.ts';
import { loadCaseRows } from '../storage/cases.ts';
import { basisOf } from './basis.ts';
import { evidencePath } from './evidence-files.ts';
import { missingData, type MissingField } from './missing.ts';
import { networkOf, type NetworkFacts } from './network.ts';

/** Thrown for a request that will never succeed (unknown or unconfirmed match): do not retry. */
export class PacketRefusedError extends Error {
  readonly permanent = true;
  override name = 'PacketRefusedError';
}

export interface CaseFilm {
  id: string; title_kk: string; title_ru: string; title_en: string | null; alt_titles: string[]; year: number | null;
  state_register_no: string | null; distribution_certificate: string | null; distribution_certificate_date: string | null;
  national_film_certificate: string | null; eidr: string | null; kinopoisk_id: number | null; imdb_id: string | null;
  rights_holder: string | null; rights_holder_bin: string | null; notice_contact: string | null; territory: string | null;
}

export interface CaseEvidence {
  id: string; kind: string; url: string | null; sha256: string; bytes: number; media_type: string | null;
  http_status: number | null; captured_at: string; meta: Record<string, unknown>;
  /** where the blob lives in the store, and where it goes in the packet */
  blob_path: string; packet_path: string;
}

/** What the evidence is: the documents describe the method from this and from nothing else. */
export interface CaseBasis {
  kind: 'stream_frames' | 'poster_only' | 'metadata_only';
  /** the soundtrack comparison, when the matcher made one (video only) */
  audio: { confirmed: boolean; ber: number; offset_s: number } | null;
  /** how the pictures were compared: perceptual hashes (PDQ voting, the soundtrack confirming) or local features with
   * geometric verification (ORB keypoints, RANSAC homography: matcher/local, for camcords, crops, rotations) */
  method: 'hashes' | 'keypoints';
  /** matched pictures: pirate time (null for a poster), reference time, and how close — the Hamming distance (bits of
   * 256, hashes: closest first) or the keypoints agreeing with one homography (keypoints: most first); the other null */
  frames: Array<{ t: number | null; ref_t: number; distance: number | null; inliers: number | null; hash: string | null; mirrored?: boolean }>;
  /** keypoints only, when the matcher ran its pixel check: the correlation of the moving parts of the picture, the
   * matched frames aligned with the reference by their homography (matcher/local/pixels.ts) — the median over frames
   * each at its best moment, or with `checks_offset_s` the mean over frames at that one offset (matcher/local/align.ts) */
  pixels?: number;
  /** keypoints only, when the matcher also compared the movement (matcher/local/motion.ts): the correlation of the change
   * between matched frames with the reference's change over the same interval (median, or mean at `checks_offset_s`) */
  motion?: number;
  /** keypoints only: the offset (film time − pirate time, seconds) at which both checks compared every matched frame */
  checks_offset_s?: number;
  /** keypoints only, with `checks_offset_s`: the checks' scores there are the refined pass's — each matched frame,
   * after its homography, registered again onto the reference frame at its moment (matcher/local/refine.ts) and
   * compared with the mean of two adjacent reference frames as well */
  checks_refined?: true;
  /** the page-metadata signals that named the film (kinopoisk_id, imdb_id, title_year), when the matcher recorded them */
  metadata: string[];
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
  basis: CaseBasis;
  /** the person who confirmed the match (null when it was confirmed automatically) */
  investigator: { id: string; name: string; display_name: string | null; role: string; note: string | null } | null;
  /** figures for the damage argument: what the crawler saw, never estimated */
  exposure: {
    first_seen_at: string; last_seen_at: string; domain_infringing_urls: number;
    domain_first_seen_at: string | null; domain_last_seen_at: string | null; views: string | null; subscribers: string | null;
  };
  /** IP, ASN, TLS, RDAP of the domain, from the capture (evidence kind network_facts); null when not captured */
  network: NetworkFacts | null;
  evidence: CaseEvidence[];
  /** fields a document needs that nobody recorded: blank in the documents, listed in MISSING-DATA.md */
  missing: MissingField[];
  /** the pictures of the annex (packet paths), set by the packet builder: the screenshot, reference | pirate pairs */
  sheet?: CaseSheet;
}

export interface CaseSheet {
  screenshot: string | null;
  pairs: Array<{ ref: string | null; pirate: string | null; t: number | null; ref_t: number | null; distance: number | null; inliers: number | null; mirrored?: boolean }>;
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));
const dateOrNull = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const strOrNull = (v: unknown): string | null => (v == null || v === '' ? null : String(v));

export interface CasePorts {
  /** the first bytes of a blob (to name images by what they are, not by the extension a crawler gave them) */
  head?: (blobPath: string) => Promise<Buffer>;
  /** a whole blob (the network facts JSON) */
  read?: (blobPath: string) => Promise<Buffer>;
}

export async function loadCase(db: Db, matchId: string, ids: { packetId: string; keyId: string; generatedAt: Date }, ports: CasePorts = {}): Promise<CaseData> {
  const rows = await loadCaseRows(db, matchId);
  if (!rows) throw new PacketRefusedError(`match ${matchId} does not exist`);
  const { match: m, candidate: c, film: f, source: s, protectedRows, evidence: ev, decider, domainStats } = rows;
  if (m.status !== 'confirmed') throw new PacketRefusedError(`match ${matchId} is ${m.status}, not confirmed: no packet`);
  if (!m.film_id) throw new PacketRefusedError(`match ${matchId} names no film`);
  if (!c || !f) throw new PacketRefusedError(`match ${matchId}: candidate or film row is missing`);
  const domain = String(c.domain).toLowerCase();
  const evidence = dedupe(await Promise.all(ev.map((e) => toEvidence(e, ports))));
  const extra = (c.extra ?? {}) as Row;
  const data: Omit<CaseData, 'missing'> = {
    packet_id: ids.packetId,
    generated_at: ids.generatedAt.toISOString(),
    key_id: ids.keyId,
    film: {
      id: f.id, title_kk: f.title_kk, title_ru: f.title_ru, title_en: f.title_en ?? null, alt_titles: f.alt_titles ?? [],
      year: f.year ?? null, state_register_no: strOrNull(f.state_register_no), distribution_certificate: strOrNull(f.distribution_certificate),
      distribution_certificate_date: dateOrNull(f.distribution_certificate_date), national_film_certificate: strOrNull(f.national_film_certificate),
      eidr: strOrNull(f.eidr), kinopoisk_id: f.kinopoisk_id == null ? null : Number(f.kinopoisk_id), imdb_id: strOrNull(f.imdb_id),
      rights_holder: strOrNull(f.rights_holder), rights_holder_bin: strOrNull(f.rights_holder_bin), notice_contact: strOrNull(f.notice_contact),
      territory: strOrNull(f.territory),
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
    basis: basisOf(m, c),
    investigator: decider ? { id: decider.id, name: decider.name, display_name: decider.displayName, role: decider.role, note: decider.note } : null,
    exposure: {
      first_seen_at: iso(c.first_seen_at), last_seen_at: iso(c.last_seen_at), domain_infringing_urls: Math.max(1, domainStats.urls),
      domain_first_seen_at: isoOrNull(domainStats.firstSeenAt), domain_last_seen_at: isoOrNull(domainStats.lastSeenAt),
      views: strOrNull(extra.views), subscribers: strOrNull(extra.subscribers),
    },
    network: await networkOf(evidence, ports.read),
    evidence,
  };
  return { ...data, missing: missingData(data) };
}

async function toEvidence(e: Row, ports: CasePorts): Promise<CaseEvidence> {
  const head = ports.head ? await ports.head(e.blob_path).catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
  return {
    id: e.id, kind: e.kind, url: e.url ?? null, sha256: e.sha256, bytes: Number(e.bytes), media_type: e.media_type ?? null,
    http_status: e.http_status ?? null, captured_at: iso(e.captured_at), meta: e.meta ?? {},
    blob_path: e.blob_path, packet_path: evidencePath(e.kind, e.sha256, e.blob_path, e.media_type ?? null, head),
  };
}

function dedupe(list: CaseEvidence[]): CaseEvidence[] {
  const seen = new Set<string>();
  return list.filter((e) => (seen.has(e.packet_path) ? false : (seen.add(e.packet_path), true)));
}
