// Stores mirror proposals as DISABLED sources with `proposed_reason` (investigators enable them), and runs
// discovery for one known source against a list of candidate site URLs.
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.ts';
import { proposeMirrorSource } from '../../storage/sources.ts';
import type { FetchPolicy } from '../../net/fetch.ts';
import { compareSites, mirrorReason, type MirrorEvidence, type SiteSignals } from '../mirrors.ts';
import { collectSiteSignals } from './collect.ts';

export type ProposalResult = { status: 'proposed'; sourceId: string } | { status: 'skipped'; reason: 'known_domain' };

export async function proposeMirror(db: Db, p: { url: string; reason: string; fromSourceId?: string }): Promise<ProposalResult> {
  const r = await proposeMirrorSource(db, p);
  return r ? { status: 'proposed', sourceId: r.id } : { status: 'skipped', reason: 'known_domain' };
}

export interface DiscoveryOutcome {
  url: string;
  evidence: MirrorEvidence[];
  result: ProposalResult | { status: 'skipped'; reason: 'no_signal' | 'unreachable'; error?: string };
}

/** Compares each candidate site with the known source; proposes the ones with at least one signal. */
export async function discoverMirrors(
  deps: { db: Db; policy: FetchPolicy; log: Logger },
  known: { sourceId: string; url: string; signals?: SiteSignals },
  candidateUrls: string[],
): Promise<DiscoveryOutcome[]> {
  const base = known.signals ?? (await collectSiteSignals(deps.policy, known.url));
  const out: DiscoveryOutcome[] = [];
  // the site the known source redirects to is a candidate by itself
  const urls = [...new Set([...(base.finalHost !== base.host ? [base.finalUrl] : []), ...candidateUrls])];
  for (const url of urls) {
    let other: SiteSignals;
    try {
      other = await collectSiteSignals(deps.policy, url);
    } catch (e) {
      deps.log.info({ url, err: (e as Error).message }, 'mirror candidate unreachable');
      out.push({ url, evidence: [], result: { status: 'skipped', reason: 'unreachable', error: (e as Error).message } });
      continue;
    }
    const evidence = compareSites(base, other);
    if (evidence.length === 0) {
      out.push({ url, evidence, result: { status: 'skipped', reason: 'no_signal' } });
      continue;
    }
    const result = await proposeMirror(deps.db, { url, reason: mirrorReason(base.host, evidence), fromSourceId: known.sourceId });
    deps.log.info({ url, signals: evidence.map((e) => e.signal), result: result.status }, 'mirror candidate compared');
    out.push({ url, evidence, result });
  }
  return out;
}
