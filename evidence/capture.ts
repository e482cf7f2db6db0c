// captureEvidence: the WARC, network facts and signed WACZ of one candidate revision, from the exchanges the crawler
// kept (no re-fetch of the page or its players). Only what the crawler could not have seen is read here, through the
// guarded fetch: the stream playlist (matching reads it in its own job, concurrently) and, for candidates that came
// without a crawl (tip line, uploads), the page itself — each recorded as an exchange of its own, at its own time.
// Idempotent per revision: a finished WACZ ends the job; all rows of a capture are written in one transaction, so a
// retry after a crash writes one set (blob files are content-addressed; one written before a crash may stay unused).
import type { Logger } from 'pino';
import type { FetchInit, FetchResult } from '../net/fetch.ts';
import type { Signer } from '../packets/signer.ts';
import type { BlobStore } from '../storage/blobs.ts';
import { getCandidate, saveEvidence } from '../storage/candidates.ts';
import type { Db } from '../storage/db.ts';
import { getCaptures, latestExchanges, recordCapture, recordExchanges, type ExchangeInput, type ExchangeRole, type ExchangeRow } from '../storage/evidence-capture.ts';
import { networkFacts, type NetworkFactsDeps } from './network-facts.ts';
import { buildWacz } from './wacz.ts';
import { buildWarc, type WarcResource } from './warc.ts';

export const PLAYLIST_MAX_BYTES = 1024 * 1024;
export const PAGE_MAX_BYTES = 8 * 1024 * 1024;

export interface CaptureDeps extends NetworkFactsDeps {
  db: Db;
  blobs: BlobStore;
  signer: Signer;
  /** the guarded fetch (net/fetch.ts safeFetch under the deployment's policy) */
  fetch(url: string, init?: FetchInit): Promise<FetchResult>;
  log: Logger;
  now?: () => Date;
}

export type CaptureResult =
  | { status: 'captured'; waczEvidenceId: string; waczSha256: string; notes: string[] }
  | { status: 'already'; waczEvidenceId: string | null }
  | { status: 'missing' };

const asInput = (role: ExchangeRole, r: FetchResult, method = 'GET'): ExchangeInput => ({
  role, url: r.url, method, status: r.status, httpVersion: r.exchange?.httpVersion, statusText: r.exchange?.statusText,
  requestHeaders: r.exchange?.requestHeaders ?? {}, responseHeaders: r.headers, redirects: r.redirects, body: r.body,
  truncated: !!r.truncated, remoteAddress: r.exchange?.remoteAddress, remotePort: r.exchange?.remotePort, certDer: r.exchange?.certDer, at: r.exchange?.at ?? new Date(),
});

/** Reads what the crawler could not have: the page when it kept no exchange, the first stream's playlist. */
async function completeExchanges(deps: CaptureDeps, cand: { id: string; url: string; streams: string[] }, notes: string[]): Promise<ExchangeRow[]> {
  let xs = await latestExchanges(deps.db, cand.id);
  const read = async (role: ExchangeRole, url: string, maxBytes: number, batch?: string) => {
    try {
      const r = await deps.fetch(url, { allowErrorStatus: true, truncate: true, maxBytes });
      return await recordExchanges(deps, cand.id, [asInput(role, r)], batch);
    } catch (e) {
      notes.push(`${role} ${url} could not be read: ${(e as Error).message.slice(0, 300)}`);
      return batch ?? null;
    }
  };
  if (!xs.some((x) => x.role === 'page')) {
    notes.push('the crawler kept no exchange for this page: it was read by the evidence job');
    await read('page', cand.url, PAGE_MAX_BYTES);
    xs = await latestExchanges(deps.db, cand.id);
  }
  const stream = cand.streams[0];
  if (stream && !xs.some((x) => x.role === 'playlist' && x.url === stream)) {
    await read('playlist', stream, PLAYLIST_MAX_BYTES, xs[0]?.batch);
    xs = await latestExchanges(deps.db, cand.id);
  }
  return xs;
}

export async function captureEvidence(deps: CaptureDeps, candidateId: string, revision: string): Promise<CaptureResult> {
  const { db, blobs } = deps;
  const done = await getCaptures(db, candidateId, revision);
  if (done.wacz?.status === 'done') return { status: 'already', waczEvidenceId: done.wacz.evidence_id };
  const cand = await getCandidate(db, candidateId);
  if (!cand) return { status: 'missing' };
  const notes: string[] = [];
  const now = deps.now?.() ?? new Date();
  const xs = await completeExchanges(deps, cand, notes);
  const bodies = await Promise.all(xs.map((x) => blobs.read(x.body_path)));
  const facts = await networkFacts(deps, cand.url, xs.map((x) => ({
    role: x.role, url: x.url, remoteAddress: x.remote_address, remotePort: x.remote_port, certDer: x.cert_der_b64 ? Buffer.from(x.cert_der_b64, 'base64') : null,
  })), now);
  const factsBytes = Buffer.from(JSON.stringify({ ...facts.facts, candidateId, revision, notes }, null, 2) + '\n');

  const resources: WarcResource[] = [];
  const extra: Record<string, Buffer> = { 'network-facts.json': factsBytes };
  const shot = done.screenshot?.status === 'done' && done.screenshot.evidence_id
    ? (await db.query<{ blob_path: string; media_type: string }>('SELECT blob_path, media_type FROM evidence WHERE id = $1', [done.screenshot.evidence_id]))[0]
    : undefined;
  if (shot) {
    const data = await blobs.read(shot.blob_path);
    const at = new Date(String(done.screenshot!.meta['at'] ?? now.toISOString()));
    resources.push({ type: 'resource', uri: `urn:kuzet:screenshot:${cand.url}`, contentType: shot.media_type, data, at });
    extra[shot.media_type === 'image/jpeg' ? 'screenshot.jpg' : 'screenshot.png'] = data;
  }
  resources.push({ type: 'metadata', uri: cand.url, refersTo: cand.url, contentType: 'application/json', data: factsBytes, at: now });
  for (const a of facts.rdap) if (a.url && a.body && a.fetchedAt) resources.push({ type: 'resource', uri: a.url, contentType: 'application/rdap+json', data: Buffer.from(a.body), at: new Date(a.fetchedAt) });
  const warc = await buildWarc({
    filename: 'data.warc.gz', at: now,
    info: { operator: 'Kuzet', 'kuzet-candidate': candidateId, 'kuzet-revision': revision, 'kuzet-page': cand.url },
    exchanges: xs.map((x, i) => ({
      url: x.url, method: x.method, status: x.status, httpVersion: x.http_version, statusText: x.status_text, requestHeaders: x.request_headers,
      responseHeaders: x.response_headers, body: bodies[i]!, truncated: x.truncated, remoteAddress: x.remote_address, at: new Date(x.fetched_at),
    })),
    resources,
  });
  // the main page is the response the WARC holds: a Telegram post's page is its channel preview, a redirect's its target
  const pageX = xs.find((x) => x.role === 'page');
  const wacz = await buildWacz({
    title: `Kuzet evidence: ${cand.url}`, created: now, warcs: { 'data.warc.gz': warc },
    pages: [{ url: pageX?.url ?? cand.url, ts: pageX ? new Date(pageX.fetched_at) : now, title: cand.title }], extra,
  }, deps.signer);

  return db.tx(async (t) => {
    const tdeps = { db: t, blobs };
    const meta = { at: now.toISOString(), notes };
    const f = await saveEvidence(tdeps, { candidateId, kind: 'network_facts', data: factsBytes, ext: '.json', url: cand.url, mediaType: 'application/json', meta: { revision } });
    const w = await saveEvidence(tdeps, { candidateId, kind: 'warc', data: warc, ext: '.gz', url: cand.url, mediaType: 'application/warc', meta: { revision, records: xs.length } });
    const z = await saveEvidence(tdeps, { candidateId, kind: 'wacz', data: wacz, ext: '.wacz', url: cand.url, mediaType: 'application/wacz+zip', meta: { revision, keyId: deps.signer.keyId } });
    await recordCapture(t, { candidateId, revision, part: 'network', status: 'done', evidenceId: f.id, meta: { ...meta, hosts: facts.facts.hosts.map((h) => h.host) } });
    await recordCapture(t, { candidateId, revision, part: 'warc', status: 'done', evidenceId: w.id, meta: { ...meta, exchanges: xs.length } });
    await recordCapture(t, { candidateId, revision, part: 'wacz', status: 'done', evidenceId: z.id, meta: { ...meta, screenshot: !!shot, keyId: deps.signer.keyId } });
    deps.log.info({ candidateId, revision, exchanges: xs.length, warcBytes: warc.length, waczBytes: wacz.length, screenshot: !!shot, notes: notes.length }, 'evidence captured');
    return { status: 'captured' as const, waczEvidenceId: z.id, waczSha256: z.sha256, notes };
  });
}
