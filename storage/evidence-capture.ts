// Evidence captured at first sight (issue 9): the HTTP exchanges the crawler saw, the capture of each candidate
// revision part by part (screenshot, WARC, network facts, WACZ), and the read-back the packets and the workbench use.
// RDAP answers are cached in storage/rdap-cache.ts.
import type { BlobStore } from './blobs.ts';
import type { Db } from './db.ts';
import { sha256Hex } from './hash.ts';

export type ExchangeRole = 'page' | 'player' | 'playlist';

/** One exchange as seen on the wire (crawlers/safe-http-client.ts CapturedExchange, or the capture job's own read). */
export interface ExchangeInput {
  role: ExchangeRole;
  url: string;
  method: string;
  status: number;
  httpVersion?: string;
  statusText?: string;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string | string[] | undefined>;
  redirects?: string[];
  body: Buffer;
  truncated?: boolean;
  remoteAddress?: string | null;
  remotePort?: number | null;
  certDer?: Buffer;
  at: Date;
}

export interface ExchangeRow {
  id: string;
  candidate_id: string;
  batch: string;
  role: ExchangeRole;
  url: string;
  method: string;
  status: number;
  http_version: string | null;
  status_text: string | null;
  request_headers: Record<string, string>;
  response_headers: Record<string, string | string[]>;
  redirects: string[];
  body_sha256: string;
  body_path: string;
  body_bytes: number;
  truncated: boolean;
  remote_address: string | null;
  remote_port: number | null;
  cert_der_b64: string | null;
  fetched_at: Date;
}

/**
 * Stores the exchanges of one hand-off (bodies content-addressed); the same exchanges twice are stored once. `batch`
 * adds them to an existing hand-off (the capture job's own playlist read joins the crawler's page and players).
 */
export async function recordExchanges(deps: { db: Db; blobs: BlobStore }, candidateId: string, exchanges: ExchangeInput[], batch?: string): Promise<string | null> {
  if (exchanges.length === 0) return batch ?? null;
  batch ??= `hb_${sha256Hex(`${candidateId}|${exchanges[0]!.at.toISOString()}|${exchanges[0]!.url}`).slice(0, 32)}`;
  // one statement for the whole hand-off: the crawler waits for it, so it is kept to one round trip
  const refs = await Promise.all(exchanges.map((x) => deps.blobs.put(x.body, '')));
  const params: unknown[] = [];
  const tuples = exchanges.map((x, i) => {
    const ref = refs[i]!;
    const id = `hx_${sha256Hex(`${candidateId}|${x.role}|${x.url}|${x.at.toISOString()}|${ref.sha256}`).slice(0, 32)}`;
    const row = [id, candidateId, batch, x.role, x.url, x.method, x.status, x.httpVersion ?? null, x.statusText ?? null, JSON.stringify(x.requestHeaders),
      JSON.stringify(cleanHeaders(x.responseHeaders)), JSON.stringify(x.redirects ?? []), ref.sha256, ref.path, ref.bytes, !!x.truncated,
      x.remoteAddress ?? null, x.remotePort ?? null, x.certDer ? x.certDer.toString('base64') : null, x.at];
    params.push(...row);
    return `(${row.map((_, j) => `$${i * row.length + j + 1}`).join(',')})`;
  });
  await deps.db.query(
    `INSERT INTO http_exchanges (id, candidate_id, batch, role, url, method, status, http_version, status_text, request_headers,
       response_headers, redirects, body_sha256, body_path, body_bytes, truncated, remote_address, remote_port, cert_der_b64, fetched_at)
     VALUES ${tuples.join(',')} ON CONFLICT (id) DO NOTHING`,
    params,
  );
  return batch;
}

function cleanHeaders(h: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = v;
  return out;
}

/** The exchanges of the candidate's newest hand-off (its page and player pages), oldest first. */
export async function latestExchanges(db: Db, candidateId: string): Promise<ExchangeRow[]> {
  return db.query<ExchangeRow>(
    `SELECT * FROM http_exchanges WHERE batch = (
       SELECT batch FROM http_exchanges WHERE candidate_id = $1 ORDER BY fetched_at DESC, id LIMIT 1)
     ORDER BY fetched_at, id`,
    [candidateId],
  );
}

export type CapturePart = 'screenshot' | 'warc' | 'network' | 'wacz';

export interface CaptureRow {
  candidate_id: string;
  revision: string;
  part: CapturePart;
  status: 'done' | 'failed';
  reason: string | null;
  evidence_id: string | null;
  meta: Record<string, unknown>;
  captured_at: Date;
}

/** Records one part of a revision's capture. A 'done' part is final; a 'failed' one may be replaced by a later try. */
export async function recordCapture(db: Db, c: { candidateId: string; revision: string; part: CapturePart; status: 'done' | 'failed'; reason?: string | null; evidenceId?: string | null; meta?: Record<string, unknown> }): Promise<void> {
  await db.query(
    `INSERT INTO evidence_captures (candidate_id, revision, part, status, reason, evidence_id, meta) VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (candidate_id, revision, part) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
       evidence_id = EXCLUDED.evidence_id, meta = EXCLUDED.meta, captured_at = now()
     WHERE evidence_captures.status = 'failed'`,
    [c.candidateId, c.revision, c.part, c.status, c.reason?.slice(0, 1000) ?? null, c.evidenceId ?? null, JSON.stringify(c.meta ?? {})],
  );
}

export async function getCaptures(db: Db, candidateId: string, revision: string): Promise<Partial<Record<CapturePart, CaptureRow>>> {
  const rows = await db.query<CaptureRow>('SELECT * FROM evidence_captures WHERE candidate_id = $1 AND revision = $2', [candidateId, revision]);
  return Object.fromEntries(rows.map((r) => [r.part, r]));
}

export interface CapturedPart {
  status: 'done' | 'failed' | 'pending';
  reason?: string;
  evidenceId?: string;
  sha256?: string;
  blobPath?: string;
  bytes?: number;
  mediaType?: string;
  meta?: Record<string, unknown>;
}

export interface CapturedEvidence {
  candidateId: string;
  revision: string;
  capturedAt: Date;
  screenshot: CapturedPart;
  warc: CapturedPart;
  network: CapturedPart;
  wacz: CapturedPart;
}

/**
 * What was captured for a candidate: the given revision, or the newest one captured. Each part names its evidence row
 * and blob (read it with blobs.read(blobPath)); a part not yet captured is 'pending', a failed one has its reason.
 */
export async function evidenceOf(db: Db, candidateId: string, revision?: string): Promise<CapturedEvidence | null> {
  const rev = revision ?? (await db.query<{ revision: string }>(
    'SELECT revision FROM evidence_captures WHERE candidate_id = $1 ORDER BY captured_at DESC LIMIT 1', [candidateId]))[0]?.revision;
  if (!rev) return null;
  const rows = await db.query<CaptureRow & { sha256: string | null; blob_path: string | null; bytes: string | number | null; media_type: string | null }>(
    `SELECT c.*, e.sha256, e.blob_path, e.bytes, e.media_type FROM evidence_captures c LEFT JOIN evidence e ON e.id = c.evidence_id
      WHERE c.candidate_id = $1 AND c.revision = $2`,
    [candidateId, rev],
  );
  if (rows.length === 0) return null;
  const part = (p: CapturePart): CapturedPart => {
    const r = rows.find((x) => x.part === p);
    if (!r) return { status: 'pending' };
    return {
      status: r.status, ...(r.reason ? { reason: r.reason } : {}), meta: r.meta,
      ...(r.evidence_id ? { evidenceId: r.evidence_id, sha256: r.sha256!, blobPath: r.blob_path!, bytes: Number(r.bytes), mediaType: r.media_type ?? undefined } : {}),
    };
  };
  const capturedAt = new Date(Math.max(...rows.map((r) => new Date(r.captured_at).getTime())));
  return { candidateId, revision: rev, capturedAt, screenshot: part('screenshot'), warc: part('warc'), network: part('network'), wacz: part('wacz') };
}
