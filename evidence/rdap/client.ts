// RDAP lookups (RFC 9082 queries, RFC 9083 answers) for a domain and an IP: the server from the bootstrap, the query
// through the guarded fetch (the caller's port: every hop, redirects between registries included, passes the SSRF
// check), the answer cached in the database and reused while fresh. A failure is an answer with an error, never a
// throw: RDAP enriches evidence, it must not stop a capture.
import type { FetchInit, FetchResult } from '../../net/fetch.ts';
import type { RdapCache } from '../../storage/rdap-cache.ts';
import type { Bootstrap } from './bootstrap.ts';
import { summarize, type RdapSummary } from './summary.ts';

export const RDAP_MAX_BYTES = 512 * 1024;
export const RDAP_TTL_MS = 7 * 24 * 3600_000;

export interface RdapAnswer {
  kind: 'domain' | 'ip';
  key: string;
  /** the query URL (the server from the bootstrap), or null when the bootstrap names none */
  url: string | null;
  status: number | null;
  fetchedAt: string | null;
  fromCache: boolean;
  summary: RdapSummary | null;
  error?: string;
  /** the answer as received (JSON text), for the WARC */
  body?: string;
}

export interface RdapDeps {
  bootstrap: Bootstrap;
  fetch(url: string, init?: FetchInit): Promise<FetchResult>;
  cache: RdapCache;
  now?: () => Date;
  ttlMs?: number;
}

function answerOf(kind: RdapAnswer['kind'], key: string, url: string, status: number, body: string, fetchedAt: Date, fromCache: boolean): RdapAnswer {
  const base = { kind, key, url, status, fetchedAt: fetchedAt.toISOString(), fromCache, body };
  if (status === 404) return { ...base, summary: null, error: 'the registry has no record (404)' };
  try {
    return { ...base, summary: summarize(JSON.parse(body)) };
  } catch (e) {
    return { ...base, summary: null, error: `the answer is not RDAP JSON: ${(e as Error).message.slice(0, 200)}` };
  }
}

export async function rdapLookup(deps: RdapDeps, kind: RdapAnswer['kind'], rawKey: string): Promise<RdapAnswer> {
  const key = rawKey.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const now = deps.now?.() ?? new Date();
  const server = deps.bootstrap.serverFor(kind, key);
  const none = { kind, key, url: null, status: null, fetchedAt: null, fromCache: false, summary: null };
  if (!server) return { ...none, error: `no RDAP server for this ${kind} in the bootstrap files (published ${deps.bootstrap.source.publication[kind === 'domain' ? 'dns' : key.includes(':') ? 'ipv6' : 'ipv4']})` };
  const url = `${server}${kind}/${encodeURIComponent(key)}`;
  const cached = await deps.cache.get(kind, key);
  if (cached && now.getTime() - cached.fetched_at.getTime() < (deps.ttlMs ?? RDAP_TTL_MS)) {
    return answerOf(kind, key, cached.url, cached.status, cached.body, cached.fetched_at, true);
  }
  let res: FetchResult;
  try {
    res = await deps.fetch(url, { headers: { accept: 'application/rdap+json, application/json;q=0.8' }, allowErrorStatus: true, maxBytes: RDAP_MAX_BYTES });
  } catch (e) {
    return { ...none, url, error: (e as Error).message.slice(0, 300) };
  }
  const body = res.body.toString('utf8');
  if (res.status !== 200 && res.status !== 404) return { ...none, url, status: res.status, error: `HTTP ${res.status} from ${res.url}` };
  const at = res.exchange?.at ?? now;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = v;
  await deps.cache.put({ kind, key, url: res.url, status: res.status, response_headers: headers, body, fetched_at: at });
  return answerOf(kind, key, res.url, res.status, body, at, false);
}
