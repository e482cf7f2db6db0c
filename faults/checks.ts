// The end of a faults run: the database, the blob store, the audit chain and the BullMQ sets compared with the
// ground truth. `lost` counts what the truth (or a decision taken through the API) requires and is missing; `duplicated`
// counts what exists more than once; every other disagreement is a named problem.
import { publicKeyFileOf } from '../packets/signer.ts';
import fs from 'node:fs';
import type { Queue } from 'bullmq';
import type { Db } from '../storage/db.ts';
import type { BlobStore } from '../storage/blobs.ts';
import { readAnchors, verifyAudit } from '../storage/audit-anchors.ts';
import { verifyPacket } from '../packets/verify.ts';
import { domainsOf } from '../registry/domains.ts';
import { shouldPublish, type Expected } from './plan.ts';
import type { Decision } from './investigators.ts';

export interface CheckReport {
  lost: number;
  duplicated: number;
  problems: string[];
  failedJobs: number;
  counts: Record<string, number>;
}

export async function checkRun(deps: {
  db: Db; blobs: BlobStore; dataDir: string; queues: Queue[]; truth: Expected[]; films: Record<string, string>;
  checkpoint: string; decisions: Decision[]; users: Record<'inv1' | 'inv2', string>;
}): Promise<CheckReport> {
  const { db } = deps;
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  const miss = (what: string) => { lost++; if (lost <= 20) problems.push(`lost: ${what}`); };
  const dup = (what: string, extra: number) => { duplicated += extra; if (duplicated <= 20) problems.push(`duplicated ×${extra + 1}: ${what}`); };
  const wrong = (what: string) => { if (problems.length < 60) problems.push(what); else if (problems.length === 60) problems.push('… more problems'); };

  const cands = new Map((await db.query<{ id: string; url: string }>('SELECT id, url FROM candidates')).map((r) => [r.url, r.id]));
  const matches = await db.query<{ id: string; candidate_id: string; film_id: string | null; status: string; decided_by: string | null }>(
    'SELECT id, candidate_id, film_id, status, decided_by FROM matches WHERE checkpoint = $1', [deps.checkpoint]);
  const byCand = groupBy(matches, (m) => m.candidate_id);
  const delist = new Map((await db.query<{ url: string; match_id: string }>('SELECT url, match_id FROM delist_items')).map((r) => [r.url, r.match_id]));
  const packets = await db.query<{ id: string; match_id: string; blob_path: string }>('SELECT id, match_id, blob_path FROM packets');
  const packetOf = new Map(packets.map((p) => [p.match_id, p]));
  const entries = await db.query<{ id: string; domain: string; status: string; serial: string | null; match_ids: string[] }>(
    'SELECT id, domain, status, serial, match_ids FROM registry_entries');
  const entryOf = new Map(entries.map((e) => [e.domain, e]));

  // every page of the truth: crawled once, matched once at the checkpoint, with the right outcome
  const truthUrls = new Set(deps.truth.map((t) => t.url));
  const wantInRegistry = new Map<string, Set<string>>();
  let published = 0;
  for (const t of deps.truth) {
    const cid = cands.get(t.url);
    if (!cid) { miss(`candidate ${t.url} (never crawled)`); continue; }
    const ms = byCand.get(cid) ?? [];
    if (ms.length === 0) { miss(`match of ${t.url} (never matched at ${deps.checkpoint})`); continue; }
    if (ms.length > 1) dup(`matches of ${t.url}`, ms.length - 1);
    const m = ms[0]!;
    if (shouldPublish(t)) {
      const filmId = deps.films[t.film];
      if (m.status !== 'confirmed' || m.film_id !== filmId) { wrong(`verdict: ${t.url} carries ${t.film} (${t.media}) but its match is ${m.status} for ${m.film_id ?? 'no film'}`); continue; }
      published++;
      if (delist.get(t.url) !== m.id) miss(`delisting item for ${t.url}`);
      if (!packetOf.has(m.id)) miss(`packet for ${m.id} (${t.url})`);
      const domain = domainsOf(t.url).domain;
      if (!wantInRegistry.has(domain)) wantInRegistry.set(domain, new Set());
      wantInRegistry.get(domain)!.add(m.id);
    } else {
      if (m.status === 'confirmed') wrong(`verdict: ${t.url} carries ${t.film}${t.registered ? ' (review to be rejected)' : ' (not registered)'} but its match is confirmed for ${m.film_id}`);
      if (delist.has(t.url)) wrong(`unexpected delisting item for ${t.url}`);
      if (packetOf.has(m.id)) wrong(`unexpected packet for ${m.id} (${t.url})`);
    }
  }
  for (const url of cands.keys()) if (!truthUrls.has(url)) wrong(`unexpected candidate ${url}`);
  for (const url of delist.keys()) if (!truthUrls.has(url)) wrong(`unexpected delisting item ${url}`);

  // registry: one entry per domain with published pages, each confirmed match once in its evidence, two approvals
  for (const [domain, want] of wantInRegistry) {
    const e = entryOf.get(domain);
    if (!e) { miss(`registry proposal for ${domain}`); continue; }
    const seen = new Map<string, number>();
    for (const id of e.match_ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    for (const id of want) if (!seen.has(id)) miss(`registry evidence ${id} in ${domain}`);
    for (const [id, n] of seen) {
      if (n > 1) dup(`registry evidence ${id} in ${domain}`, n - 1);
      if (!want.has(id)) wrong(`registry entry ${domain} lists match ${id}, which the truth does not publish`);
    }
    if (e.status !== 'active' || e.serial === null) wrong(`registry entry ${domain} is ${e.status} (serial ${e.serial}) after both investigators approved`);
  }
  for (const e of entries) if (!wantInRegistry.has(e.domain)) wrong(`unexpected registry entry ${e.domain} (${e.status})`);

  // every decision taken through the API has its effect
  const approvals = new Set((await db.query<{ entry_id: string; user_id: string; verdict: string }>('SELECT entry_id, user_id, verdict FROM registry_approvals'))
    .map((a) => `${a.entry_id}|${a.user_id}|${a.verdict}`));
  const matchById = new Map(matches.map((m) => [m.id, m]));
  for (const d of deps.decisions) {
    if (d.kind === 'review') {
      const m = matchById.get(d.subject);
      const want = d.verdict === 'approve' ? 'confirmed' : 'rejected';
      if (!m || m.status !== want || m.decided_by !== deps.users[d.user]) { miss(`effect of ${d.user}'s ${d.verdict} of match ${d.subject} (now ${m?.status ?? 'missing'} by ${m?.decided_by ?? '—'})`); continue; }
      if (d.verdict === 'approve' && !packetOf.has(d.subject)) miss(`packet after ${d.user}'s approval of ${d.subject}`);
    } else if (!approvals.has(`${d.subject}|${deps.users[d.user]}|${d.verdict}`)) {
      miss(`effect of ${d.user}'s ${d.verdict} of registry entry ${d.subject}`);
    }
  }

  // the audit trail: one row per recorded fact, and the chain verifies against its anchors
  const auditDups = await db.query<{ action: string; subject: string; n: number }>(
    `SELECT action, coalesce(details->>'matchId', subject) AS subject, count(*)::int AS n FROM audit_log
      WHERE action IN ('delist.add', 'packet.build', 'registry.propose', 'registry.add_evidence', 'registry.activated')
         OR action LIKE 'match.%' OR action LIKE 'review.%'
      GROUP BY 1, 2 HAVING count(*) > 1`);
  for (const a of auditDups) dup(`audit ${a.action} ${a.subject}`, a.n - 1);
  const audit = await verifyAudit(db, readAnchors(deps.dataDir));
  if (!audit.ok) wrong(`audit chain: broken at ${audit.brokenAt ?? '—'} (${audit.problem ?? 'chain intact'}); anchors failed: ${audit.anchors.failed.map((f) => f.problem).join('; ') || 'none'}`);

  // every packet verifies with the deployment's published key
  const trustedKeyPem = fs.readFileSync(publicKeyFileOf(deps.dataDir), 'utf8');
  let badPackets = 0;
  for (const p of packets) {
    const v = await verifyPacket(deps.blobs.resolve(p.blob_path), { trustedKeyPem });
    if (!v.ok || !v.trusted) { badPackets++; wrong(`packet ${p.id} does not verify: ${v.problems.slice(0, 3).join('; ')}`); }
  }

  // BullMQ: nothing left behind, and no job failed without a permanent reason
  let failedJobs = 0;
  for (const q of deps.queues) {
    const counts = await unfinished(q);
    if (Object.values(counts).some((n) => n > 0)) wrong(`queue ${q.name} still holds ${JSON.stringify(counts)}`);
    for (const job of await q.getFailed(0, -1)) {
      failedJobs++;
      const permanent = job.stacktrace?.some((s) => s.startsWith('UnrecoverableError')) || job.attemptsMade < (job.opts.attempts ?? 1);
      if (!permanent) wrong(`job ${job.name} ${job.id} failed without a permanent reason after ${job.attemptsMade} attempts: ${job.failedReason}`);
    }
  }
  return {
    lost, duplicated, problems, failedJobs,
    counts: { candidates: cands.size, matches: matches.length, published, delisted: delist.size, packets: packets.length, badPackets, registryEntries: entries.length, auditRows: audit.rows },
  };
}

/** Jobs of a queue that are still to run, by state; the recrawl schedule's next runs (delayed `repeat:` jobs) are not work left. */
export async function unfinished(q: Queue): Promise<Record<string, number>> {
  const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
  const delayed = (await q.getDelayed(0, -1)).filter((j) => !j.id?.startsWith('repeat:')).length;
  return { ...counts, delayed };
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

/** Automatic path: page crawled (first seen) → delisting item, and → its match in the registry proposal; seconds. */
type Quantiles = { p50: number; p95: number };
export async function automaticLatency(db: Db): Promise<{ n: number; delist: Quantiles; registry: Quantiles; match: Quantiles; publish: Quantiles }> {
  const rows = await db.query<{ match_s: number; delist_s: number; publish_s: number; registry_s: number | null }>(
    `SELECT extract(epoch FROM m.created_at - c.first_seen_at)::float8 AS match_s,
            extract(epoch FROM d.created_at - c.first_seen_at)::float8 AS delist_s,
            extract(epoch FROM d.created_at - m.created_at)::float8 AS publish_s,
            extract(epoch FROM (SELECT min(a.at) FROM audit_log a WHERE a.action IN ('registry.propose', 'registry.add_evidence')
                                 AND a.details->>'matchId' = m.id) - c.first_seen_at)::float8 AS registry_s
       FROM matches m JOIN candidates c ON c.id = m.candidate_id JOIN delist_items d ON d.match_id = m.id
      WHERE m.status = 'confirmed' AND m.decided_by = 'auto'`);
  const pick = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) });
  return {
    n: rows.length,
    match: pick(rows.map((r) => r.match_s)),
    delist: pick(rows.map((r) => r.delist_s)),
    publish: pick(rows.map((r) => r.publish_s)),
    registry: pick(rows.flatMap((r) => (r.registry_s === null ? [] : [r.registry_s]))),
  };
}

function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

