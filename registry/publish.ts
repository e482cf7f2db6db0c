// publishMatch: what a confirmed match makes public. One delisting item for the infringing URL and a
// registry *proposal* for its domain (never active by itself: two people must approve, see approvals.ts).
// Protected domains get URL-level delisting only. Idempotent: a second call finds everything in place.
import { sha256Hex } from '../storage/hash.ts';
import type { Logger } from 'pino';
import type { HostNetworkCheck } from '../net/host-network.ts';
import { licensedPlatformOf } from '../storage/licensed-platforms.ts';
import { recordEntryNetwork } from './overblock.ts';
import type { AppConfig } from '../config/schema.ts';
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import { domainsOf, protectedMatch } from './domains.ts';
import { recordVersion } from './history.ts';
import { isListed } from './lifecycle.ts';
import { byKeypoints } from '../packets/basis.ts';

export interface PublishResult {
  /** null when the URL is on a platform licensed for the film (never delisted for it) */
  delistItemId: string | null;
  registryEntryId: string | null;
  /** why no registry proposal was made or changed (protected domain, entry rejected or lifted earlier) */
  skipped?: string;
}

export const REGISTRY_REASON = 'Unlicensed distribution of national films protected by copyright';
const sha = sha256Hex;
export const delistIdFor = (url: string) => `dl_${sha(url)}`;
export const registryIdFor = (domain: string) => `reg_${sha(domain)}`;

interface MatchRow {
  id: string;
  status: string;
  film_id: string | null;
  url: string;
  score: number;
  details: Record<string, unknown> | null;
  title_ru: string;
}

/** Retrying cannot fix these: the queue stops at once (permanent → UnrecoverableError). */
export class PublishRefused extends Error {
  readonly permanent = true;
  override name = 'PublishRefused';
}

export async function publishMatch(deps: { db: Db; cfg: AppConfig; log: Logger; network?: HostNetworkCheck }, matchId: string): Promise<PublishResult> {
  const { cfg, log } = deps;
  // overblocking facts (addresses, ASNs, CDN) are looked up before the transaction: no DNS inside it
  const [pre] = deps.network ? await deps.db.query<{ url: string }>('SELECT c.url FROM matches m JOIN candidates c ON c.id = m.candidate_id WHERE m.id = $1', [matchId]) : [];
  const net = pre && deps.network ? await Promise.resolve().then(() => deps.network!(domainsOf(pre.url).host)).catch(() => null) : null;
  return deps.db.tx(async (db) => {
    const [m] = await db.query<MatchRow>(
      `SELECT m.id, m.status, m.film_id, m.score, c.url, f.title_ru, m.details
         FROM matches m JOIN candidates c ON c.id = m.candidate_id LEFT JOIN films f ON f.id = m.film_id
        WHERE m.id = $1`,
      [matchId],
    );
    if (!m) throw new PublishRefused(`publishMatch: match ${matchId} does not exist`);
    if (m.status !== 'confirmed') throw new PublishRefused(`publishMatch: match ${matchId} has status '${m.status}', only 'confirmed' matches are published`);
    if (!m.film_id) throw new PublishRefused(`publishMatch: confirmed match ${matchId} names no film`);
    const d = domainsOf(m.url);
    const licensed = await licensedPlatformOf(db, m.film_id, m.url);
    if (licensed) {
      const skipped = `${licensed.kind} ${licensed.value} is licensed to distribute this film: not delisted, not proposed`;
      const seen = await db.query(`SELECT 1 FROM audit_log WHERE action = 'registry.skip_licensed' AND subject = $1 LIMIT 1`, [m.id]);
      if (!seen.length) await appendAudit(db, { actor: 'system', action: 'registry.skip_licensed', subject: m.id, details: { url: m.url, filmId: m.film_id, platform: licensed } });
      log.info({ matchId, url: m.url, platform: licensed }, 'match on a licensed platform: nothing published');
      return { delistItemId: null, registryEntryId: null, skipped };
    }

    const delistItemId = delistIdFor(m.url);
    // a copy found by the local-feature stage (issue 13; its match, or its lead an investigator confirmed) has no
    // picture-hash score: say what decided instead of "score 0.00" (the packets read the record the same way)
    const how = byKeypoints(m) ? `found by local features, ${(m.details?.local as { agreeingFrames?: number } | undefined)?.agreeingFrames ?? '?'} frames agreeing` : `score ${m.score.toFixed(2)}`;
    const reason = `Unlicensed copy of the film "${m.title_ru}" (match ${m.id}, ${how})`;
    const inserted = await db.query(
      `INSERT INTO delist_items (id, url, domain, film_id, match_id, reason, deadline_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7::int))
       ON CONFLICT DO NOTHING RETURNING seq`,
      [delistItemId, m.url, d.host, m.film_id, m.id, reason, cfg.delistDeadlineHours],
    );
    if (inserted.length) {
      await appendAudit(db, { actor: 'system', action: 'delist.add', subject: delistItemId, details: { url: m.url, matchId: m.id, filmId: m.film_id } });
    }

    const prot = await protectedMatch(db, d, net?.asns);
    if (prot) {
      const skipped = `protected domain ${prot.domain} (${prot.reason}): URL-level delisting only, no registry proposal`;
      if (inserted.length) {
        await appendAudit(db, { actor: 'system', action: 'registry.skip_protected', subject: d.domain, details: { matchId: m.id, protected: prot.domain } });
      }
      log.info({ matchId, domain: d.domain, protected: prot.domain }, 'protected domain not proposed for the registry');
      return { delistItemId, registryEntryId: null, skipped };
    }
    if (d.unblockable) {
      if (inserted.length) await appendAudit(db, { actor: 'system', action: 'registry.skip_unblockable', subject: d.host, details: { matchId: m.id, reason: d.unblockable } });
      return { delistItemId, registryEntryId: null, skipped: `${d.unblockable}: URL-level delisting only, no registry proposal` };
    }

    const entryId = registryIdFor(d.domain);
    const [entry] = await db.query<{ status: string; film_ids: string[]; match_ids: string[] }>(
      'SELECT status, film_ids, match_ids FROM registry_entries WHERE id = $1 FOR UPDATE',
      [entryId],
    );
    if (!entry) {
      await db.query(
        `INSERT INTO registry_entries (id, domain, status, film_ids, match_ids, reason) VALUES ($1, $2, 'proposed', $3, $4, $5)`,
        [entryId, d.domain, [m.film_id], [m.id], REGISTRY_REASON],
      );
      await appendAudit(db, { actor: 'system', action: 'registry.propose', subject: entryId, details: { domain: d.domain, matchId: m.id, filmId: m.film_id } });
      await recordVersion(db, entryId, { change: 'proposed', actor: 'system', actorRole: 'system', reason: 'confirmed match', details: { matchId: m.id, filmId: m.film_id } });
      log.info({ matchId, domain: d.domain, entryId }, 'domain proposed for the registry');
    } else if (!entry.match_ids.includes(m.id) || !entry.film_ids.includes(m.film_id)) {
      await db.query(
        `UPDATE registry_entries SET
           film_ids = CASE WHEN $2::text = ANY(film_ids) THEN film_ids ELSE array_append(film_ids, $2::text) END,
           match_ids = CASE WHEN $3::text = ANY(match_ids) THEN match_ids ELSE array_append(match_ids, $3::text) END,
           updated_at = now()
         WHERE id = $1`,
        [entryId, m.film_id, m.id],
      );
      await appendAudit(db, { actor: 'system', action: 'registry.add_evidence', subject: entryId, details: { domain: d.domain, matchId: m.id, filmId: m.film_id, status: entry.status } });
      // issue 9: a new film on a listed entry changes what the public entry says: a new version, never a silent edit
      if (isListed(entry.status) && !entry.film_ids.includes(m.film_id)) {
        const version = await recordVersion(db, entryId, { change: 'film_added', actor: 'system', actorRole: 'system', reason: 'confirmed match of another film', details: { matchId: m.id, filmId: m.film_id } });
        await appendAudit(db, { actor: 'system', action: 'registry.film_added', subject: entryId, details: { domain: d.domain, matchId: m.id, filmId: m.film_id, version } });
      }
    }
    await recordEntryNetwork(db, entryId, d, net);
    const status = entry?.status ?? 'proposed';
    const skipped = status === 'rejected' || status === 'lifted' || status === 'expired' ? `registry entry for ${d.domain} was ${status} earlier; evidence added, not re-proposed` : undefined;
    return { delistItemId, registryEntryId: entryId, ...(skipped ? { skipped } : {}) };
  });
}
