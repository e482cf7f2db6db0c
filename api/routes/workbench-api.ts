// The workbench's JSON (deciders only): one match with everything recorded about it (frames at the matched offsets,
// audio, metadata, network facts, evidence files with hashes, decisions and their audit rows), evidence downloads,
// reference frames cut at a matched time, and the proposed registry entries with their domain's evidence summary and
// the two-person rule as it stands.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { runTool } from '../../media/ffmpeg.ts';
import { basisOf } from '../../packets/basis.ts';
import { sniffImage } from '../../packets/evidence-files.ts';
import { parseNetworkFacts, type NetworkFacts } from '../../packets/network.ts';
import { listProposed } from '../../registry/queries.ts';
import { DECIDER_ROLES } from '../../storage/users.ts';
import { auditOf, domainSummaries, evidenceRow, userNames, workbenchMatch } from '../../storage/workbench.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError } from '../plugins/auth.ts';

const open = { type: 'object', additionalProperties: true } as const;
const idParam = (name: string) => ({ type: 'object', properties: { [name]: { type: 'string', maxLength: 200 } }, required: [name] }) as const;
const IMAGE_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif' };
type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

export default async function workbenchApi(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, blobs, config } = deps;
  const deciders = allow(...DECIDER_ROLES);
  const facts = async (blobPath: string | undefined, capturedAt: string): Promise<NetworkFacts | null> => {
    if (!blobPath) return null;
    try {
      const b = await blobs.read(blobPath);
      return b.length > 2_000_000 ? null : parseNetworkFacts(JSON.parse(b.toString('utf8')), '', capturedAt);
    } catch {
      return null;
    }
  };

  app.get<{ Params: { matchId: string } }>('/api/workbench/matches/:matchId', { config: deciders, schema: { params: idParam('matchId'), response: withErrors(open) } }, async (req) => {
    const w = await workbenchMatch(db, req.params.matchId);
    if (!w) throw new HttpError(404, 'not_found', `match ${req.params.matchId} does not exist`);
    const { match: m, candidate: c, film: f } = w;
    const basis = basisOf(m, c);
    const evidence = w.evidence.map((e: Row) => ({ id: e.id, kind: e.kind, url: e.url, sha256: e.sha256, bytes: Number(e.bytes), mediaType: e.media_type, capturedAt: iso(e.captured_at), meta: e.meta ?? {}, href: `/api/workbench/evidence/${encodeURIComponent(e.id)}` }));
    const frameRows = evidence.filter((e) => e.kind === 'frame');
    // the local stage's record (matcher/match.ts): why a lead is at review
    const local = basis.method === 'keypoints' ? (m.details?.local as Row) : null;
    const pairs = basis.frames.map((fr, i) => {
      const own = frameRows.find((e) => typeof e.meta.t === 'number' && e.meta.t === fr.t) ?? (i === 0 ? frameRows.find((e) => typeof e.meta.t !== 'number') : undefined);
      const poster = basis.kind === 'poster_only' ? evidence.find((e) => e.kind === 'poster') : undefined;
      const refAt = basis.kind === 'poster_only' ? (m.offset_seconds == null ? null : Number(m.offset_seconds)) : fr.ref_t;
      return { t: fr.t, refT: refAt, distance: fr.distance, inliers: fr.inliers, mirrored: basis.method === 'keypoints' ? fr.mirrored === true : null, pirate: (own ?? poster)?.href ?? null, reference: w.referenceVideo && refAt != null ? `/api/workbench/reference/${encodeURIComponent(m.id)}?t=${refAt}` : null };
    });
    const nf = [...w.evidence].filter((e: Row) => e.kind === 'network_facts').sort((a: Row, b: Row) => +new Date(b.captured_at) - +new Date(a.captured_at))[0];
    return {
      match: { id: m.id, status: m.status, decision: m.decision, score: Number(m.score), matchedFrames: Number(m.matched_frames), offsetSeconds: m.offset_seconds == null ? null : Number(m.offset_seconds), mediaUrl: m.media_url, checkpoint: m.checkpoint, createdAt: iso(m.created_at), decidedAt: iso(m.decided_at), decidedBy: m.decided_by },
      basis: { kind: basis.kind, method: basis.method, audio: basis.audio, refused: local ? (local.refused ?? null) : null, pixels: basis.pixels ?? null, motion: basis.motion ?? null, checksOffsetS: basis.checks_offset_s ?? null, checksRefined: basis.checks_refined === true, refinedTry: local && !basis.checks_refined ? refinedTryOf(local.refinedScores) : null },
      pairs,
      film: f ? { id: f.id, titleKk: f.title_kk, titleRu: f.title_ru, titleEn: f.title_en ?? null, year: f.year ?? null } : null,
      page: { url: c.url, domain: c.domain, title: c.title ?? null, originalTitle: c.original_title ?? null, year: c.year ?? null, externalIds: c.external_ids ?? {}, httpStatus: c.http_status ?? null, firstSeenAt: iso(c.first_seen_at), lastSeenAt: iso(c.last_seen_at), posters: (c.posters ?? []).slice(0, 5), streams: (c.streams ?? []).slice(0, 5), players: (c.players ?? []).slice(0, 5), views: c.extra?.views ?? null },
      screenshot: evidence.filter((e) => e.kind === 'screenshot').at(-1)?.href ?? null,
      network: nf ? await facts(nf.blob_path, iso(nf.captured_at)!) : null,
      evidence,
      reviews: w.reviews,
      audit: await auditOf(db, [m.id]),
    };
  });

  app.get<{ Params: { id: string } }>('/api/workbench/evidence/:id', { config: deciders, schema: { params: idParam('id'), response: withErrors({ type: 'string', format: 'binary', description: 'the evidence bytes: an image inline, anything else as an attachment' }) } }, async (req, reply) => {
    const e = await evidenceRow(db, req.params.id);
    if (!e) throw new HttpError(404, 'not_found', `evidence ${req.params.id} does not exist`);
    const bytes = await blobs.read(e.blob_path);
    const image = sniffImage(bytes.subarray(0, 16));
    // crawled bytes are hostile: only a real image is shown inline; everything else downloads as opaque bytes
    void reply.header('content-security-policy', "default-src 'none'; sandbox").header('cache-control', 'private, no-store');
    if (image) return send(reply, bytes, IMAGE_TYPES[image]!, null);
    return send(reply, bytes, 'application/octet-stream', `${e.kind}-${e.sha256}${e.kind === 'wacz' ? '.wacz' : '.bin'}`);
  });

  app.get<{ Params: { matchId: string }; Querystring: { t: number } }>('/api/workbench/reference/:matchId', {
    config: deciders,
    schema: {
      params: idParam('matchId'), querystring: { type: 'object', properties: { t: { type: 'number', minimum: 0, maximum: 100_000 } }, required: ['t'], additionalProperties: false },
      response: withErrors({ type: 'string', format: 'binary', description: 'one JPEG frame of the reference video' }),
    },
  }, async (req, reply) => {
    const w = await workbenchMatch(db, req.params.matchId);
    if (!w?.referenceVideo) throw new HttpError(404, 'not_found', 'no reference video for this match');
    const input = blobs.resolve(w.referenceVideo.blob_path);
    const jpg = await runTool(config.ffmpegPath, ['-v', 'error', '-nostdin', '-ss', req.query.t.toFixed(3), '-i', input, '-frames:v', '1', '-vf', 'scale=480:-2', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'], { input, timeoutMs: 30_000 })
      .catch(() => Buffer.alloc(0));
    if (!sniffImage(jpg)) throw new HttpError(404, 'not_found', `no reference frame at ${req.query.t} s`);
    void reply.header('cache-control', 'private, max-age=3600');
    return send(reply, jpg, 'image/jpeg', null);
  });

  app.get('/api/workbench/entries', { config: deciders, schema: { response: withErrors(open) } }, async () => {
    const entries = await listProposed(db);
    const sums = await domainSummaries(db, entries.map((e) => e.domain));
    const names = await userNames(db, entries.flatMap((e) => e.approvals.map((a) => a.userId)));
    const audit = await auditOf(db, entries.map((e) => e.id), 1000);
    const items = [];
    for (const e of entries as Array<(typeof entries)[number] & Row>) {
      const s = sums.get(e.domain)!;
      const n = s.networkFacts[0] ? await facts(s.networkFacts[0].blob_path, s.networkFacts[0].captured_at) : null;
      const approvals = e.approvals.map((a) => ({ ...a, name: names.get(a.userId)?.name ?? a.userId, role: names.get(a.userId)?.role ?? null }));
      const approvers = new Set(approvals.filter((a) => a.verdict === 'approve').map((a) => a.userId));
      items.push({
        id: e.id, domain: e.domain, status: e.status, proposedAt: e.proposedAt, films: e.films, matchIds: e.matchIds,
        summary: { urls: s.urls, firstSeenAt: s.firstSeenAt, lastSeenAt: s.lastSeenAt, ips: n?.ips ?? [], asn: n?.asn ?? null, asOrg: n?.as_org ?? null, country: n?.country ?? null, hosting: n?.hosting ?? null, registrar: n?.registrar ?? null },
        cdn: e.cdn === true || !!n?.cdn, cdnName: n?.cdn ?? null, warnings: Array.isArray(e.warnings) ? e.warnings : [],
        approvals, stillNeeded: Math.max(0, 2 - approvers.size),
        audit: audit.filter((a) => a.subject === e.id),
      });
    }
    return { items };
  });
}

function send(reply: FastifyReply, bytes: Buffer, type: string, download: string | null) {
  void reply.type(type).header('x-content-type-options', 'nosniff');
  if (download) void reply.header('content-disposition', `attachment; filename="${download.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  return reply.send(bytes);
}

/** the local stage's refined pass as it scored a lead (matcher/local/refine.ts; the record's `refinedScores`), when its
 * numbers are what they should be; null otherwise */
function refinedTryOf(v: unknown): { pixels: number; motion: number | null; offsetS: number } | null {
  const r = v as { pixels?: unknown; motion?: unknown; offsetS?: unknown } | null | undefined;
  if (!r || typeof r.pixels !== 'number' || typeof r.offsetS !== 'number' || !(typeof r.motion === 'number' || r.motion === null)) return null;
  return { pixels: r.pixels, motion: r.motion as number | null, offsetS: r.offsetS };
}
