// Where a host lives: its addresses (through the injected resolver), their ASN/organisation/country (net/asn.ts)
// and whether any is a CDN, DDoS shield or shared host (net/cdn-asns.ts). Used before a domain is proposed for
// blocking; never throws for an unresolvable name (the facts say so instead).
import dns from 'node:dns';
import type { IpInfoDb } from './asn.ts';
import { SHARED_NETWORKS, sharedNetworkOf, type SharedNetwork } from './cdn-asns.ts';
import type { Resolver } from './fetch.ts';
import { parseAddress } from './guard.ts';

export interface HostNetwork {
  host: string;
  checkedAt: string;
  /** the IP database's data date (null when it could not be opened) */
  dataDate: string | null;
  addresses: Array<{ ip: string; asn: number | null; org: string | null; country: string | null }>;
  asns: number[];
  /** the shared networks among them: a domain here is blocked by name only, and the approver is warned */
  shared: SharedNetwork[];
  error?: string;
}

export type HostNetworkCheck = (host: string) => Promise<HostNetwork>;

export interface HostNetworkDeps {
  resolve?: Resolver;
  ipInfo: () => Promise<IpInfoDb>;
  shared?: readonly SharedNetwork[];
  now?: () => Date;
}

const systemResolve: Resolver = (h) => dns.promises.lookup(h, { all: true, verbatim: true });

export function hostNetworkChecker(deps: HostNetworkDeps): HostNetworkCheck {
  return async (host) => {
    const checkedAt = (deps.now?.() ?? new Date()).toISOString();
    const bare = host.replace(/^\[|\]$/g, '');
    let ips: string[];
    let error: string | undefined;
    try {
      ips = parseAddress(bare) ? [bare] : [...new Set((await (deps.resolve ?? systemResolve)(bare)).map((a) => a.address))].slice(0, 32);
    } catch (e) {
      ips = [];
      error = `cannot resolve ${bare}: ${(e as Error).message}`;
    }
    let db: IpInfoDb | null = null;
    try {
      db = await deps.ipInfo();
    } catch (e) {
      error ??= `IP database unavailable: ${(e as Error).message}`;
    }
    const addresses = ips.map((ip) => {
      const f = db?.lookup(ip) ?? null;
      return { ip, asn: f?.asn ?? null, org: f?.org ?? null, country: f?.country ?? null };
    });
    const asns = [...new Set(addresses.flatMap((a) => (a.asn === null ? [] : [a.asn])))];
    const shared = asns.flatMap((a) => sharedNetworkOf(a, deps.shared ?? SHARED_NETWORKS) ?? []);
    return { host: bare, checkedAt, dataDate: db?.dataDate ?? null, addresses, asns, shared, ...(error ? { error } : {}) };
  };
}
