// The network facts of a candidate, from what its exchanges saw: per host the addresses actually dialled (the guarded
// fetch's own answer, not a new DNS query), their ASN, organisation and country (net/asn.ts, offline, with its data
// date), the TLS certificate the socket was served, and RDAP for the registrable domain and for each address.
import { getDomain } from 'tldts';
import type { IpInfoDb } from '../net/asn.ts';
import { parseAddress } from '../net/guard.ts';
import { rdapLookup, type RdapAnswer, type RdapDeps } from './rdap/client.ts';
import { tryCertFacts, type TlsFacts } from './tls.ts';

const MAX_HOSTS = 6;

export interface FactsExchange {
  role: string;
  url: string;
  remoteAddress: string | null;
  remotePort: number | null;
  certDer?: Buffer | null;
}

export interface RdapFacts {
  url: string | null;
  status: number | null;
  fetchedAt: string | null;
  fromCache: boolean;
  error?: string;
  name: string | null;
  registrar: { name: string | null; ianaId: string | null } | null;
  holder: string | null;
  abuseEmails: string[];
  events: Record<string, string>;
  nameservers: string[];
  range: { start: string | null; end: string | null; country: string | null } | null;
}

export interface HostFacts {
  host: string;
  registrableDomain: string | null;
  roles: string[];
  urls: string[];
  ips: Array<{ address: string; port: number | null; asn: number | null; org: string | null; country: string | null }>;
  tls: TlsFacts | null;
  rdapDomain: RdapFacts | null;
  rdapIp: Record<string, RdapFacts>;
}

export interface NetworkFacts {
  format: 'kuzet-network-facts/1';
  pageUrl: string;
  capturedAt: string;
  hosts: HostFacts[];
  ipData: { dataDate: string; source: Record<string, string> } | { error: string };
  rdapBootstrap: Record<string, string> | null;
}

export interface NetworkFactsDeps {
  /** the process's offline IP database (net/asn.ts lazyIpInfo), or absent */
  ipInfo?: () => Promise<IpInfoDb>;
  rdap?: RdapDeps;
}

const rdapFacts = (a: RdapAnswer): RdapFacts => ({
  url: a.url, status: a.status, fetchedAt: a.fetchedAt, fromCache: a.fromCache, ...(a.error ? { error: a.error } : {}),
  name: a.summary?.name ?? null, registrar: a.summary?.registrar ?? null, holder: a.summary?.holder ?? null,
  abuseEmails: a.summary?.abuseEmails ?? [], events: a.summary?.events ?? {}, nameservers: a.summary?.nameservers ?? [], range: a.summary?.range ?? null,
});

export async function networkFacts(deps: NetworkFactsDeps, pageUrl: string, exchanges: FactsExchange[], now: Date): Promise<{ facts: NetworkFacts; rdap: RdapAnswer[] }> {
  let ipDb: IpInfoDb | null = null;
  let ipError: string | null = deps.ipInfo ? null : 'no IP database configured';
  if (deps.ipInfo) ipDb = await deps.ipInfo().catch((e: Error) => ((ipError = `IP database unavailable: ${e.message}`), null));
  const byHost = new Map<string, FactsExchange[]>();
  for (const x of exchanges) {
    const host = new URL(x.url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (!byHost.has(host) && byHost.size >= MAX_HOSTS) continue;
    byHost.set(host, [...(byHost.get(host) ?? []), x]);
  }
  const answers: RdapAnswer[] = [];
  const domainsDone = new Map<string, RdapFacts>();
  const ipsDone = new Map<string, RdapFacts>();
  const hosts: HostFacts[] = [];
  for (const [host, xs] of byHost) {
    const registrableDomain = parseAddress(host) ? null : getDomain(host) ?? null;
    const addrs = new Map<string, number | null>();
    for (const x of xs) if (x.remoteAddress && !addrs.has(x.remoteAddress)) addrs.set(x.remoteAddress, x.remotePort);
    const ips = [...addrs].map(([address, port]) => {
      const f = ipDb?.lookup(address) ?? null;
      return { address, port, asn: f?.asn ?? null, org: f?.org ?? null, country: f?.country ?? null };
    });
    const cert = xs.map((x) => tryCertFacts(x.certDer ?? null)).find(Boolean) ?? null;
    let rdapDomain: RdapFacts | null = null;
    const rdapIp: Record<string, RdapFacts> = {};
    if (deps.rdap) {
      if (registrableDomain) {
        if (!domainsDone.has(registrableDomain)) {
          const a = await rdapLookup(deps.rdap, 'domain', registrableDomain);
          answers.push(a);
          domainsDone.set(registrableDomain, rdapFacts(a));
        }
        rdapDomain = domainsDone.get(registrableDomain)!;
      }
      for (const ip of addrs.keys()) {
        if (!ipsDone.has(ip)) {
          const a = await rdapLookup(deps.rdap, 'ip', ip);
          answers.push(a);
          ipsDone.set(ip, rdapFacts(a));
        }
        rdapIp[ip] = ipsDone.get(ip)!;
      }
    }
    hosts.push({ host, registrableDomain, roles: [...new Set(xs.map((x) => x.role))], urls: [...new Set(xs.map((x) => x.url))].slice(0, 10), ips, tls: cert, rdapDomain, rdapIp });
  }
  return {
    facts: {
      format: 'kuzet-network-facts/1', pageUrl, capturedAt: now.toISOString(), hosts,
      ipData: ipDb ? { dataDate: ipDb.dataDate, source: ipDb.source } : { error: ipError ?? 'unavailable' },
      rdapBootstrap: deps.rdap ? deps.rdap.bootstrap.source.publication : null,
    },
    rdap: answers,
  };
}
