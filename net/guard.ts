// Address policy for outbound requests: only public unicast addresses, unless an operator allowlists
// a hostname, an IP or a CIDR (tests and the demo allowlist 127.0.0.1 to reach local fixture sites).
import ipaddr from 'ipaddr.js';

export type ParsedAddr = ipaddr.IPv4 | ipaddr.IPv6;

/** The cloud metadata endpoints, named so a reviewer sees they are covered (all are link-local or ULA too). */
const METADATA = ['169.254.169.254', 'fd00:ec2::254'];

/** Parses an IP literal (brackets allowed); IPv4-mapped IPv6 (::ffff:a.b.c.d) is unwrapped to IPv4. */
export function parseAddress(ip: string): ParsedAddr | null {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return null;
  const addr = ipaddr.parse(bare);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address();
  return addr;
}

/** The ipaddr.js range name of an address ('unicast' is the only public one), or 'invalid'. */
export function addressRange(ip: string): string {
  const addr = parseAddress(ip);
  return addr ? addr.range() : 'invalid';
}

/**
 * True for every address a crawler must never reach: loopback, private (RFC 1918), link-local (incl. the
 * 169.254.169.254 metadata service), multicast, broadcast, CGNAT 100.64/10, unspecified, reserved/documentation,
 * IPv6 ULA fc00::/7, link-local fe80::/10, IPv4-mapped of any of these, NAT64/6to4/Teredo (embedded IPv4), invalid.
 */
export function isForbiddenAddress(ip: string): boolean {
  const addr = parseAddress(ip);
  if (!addr) return true;
  if (METADATA.includes(addr.toString())) return true;
  return addr.range() !== 'unicast';
}

export interface Allowlist {
  hosts: Set<string>;
  cidrs: Array<[ParsedAddr, number]>;
}

/** Entries: hostnames (`fixtures.local`), IPs (`127.0.0.1`, `::1`) or CIDRs (`10.0.0.0/8`). */
export function compileAllowlist(entries: readonly string[]): Allowlist {
  const hosts = new Set<string>();
  const cidrs: Array<[ParsedAddr, number]> = [];
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (!e) continue;
    if (e.includes('/')) {
      let parsed: [ParsedAddr, number];
      try {
        parsed = ipaddr.parseCIDR(e);
      } catch {
        throw new Error(`allowlist entry "${raw}" is not a valid CIDR`);
      }
      const [a, bits] = parsed;
      cidrs.push([a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a, a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? bits - 96 : bits]);
      continue;
    }
    const addr = parseAddress(e);
    if (addr) cidrs.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    else hosts.add(e.replace(/\.$/, ''));
  }
  return { hosts, cidrs };
}

export function isAllowlistedAddress(list: Allowlist, ip: string): boolean {
  const addr = parseAddress(ip);
  if (!addr) return false;
  return list.cidrs.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net as never, bits));
}

export function isAllowlistedHost(list: Allowlist, hostname: string): boolean {
  return list.hosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''));
}

/** Throws-free verdict for one resolved address of `hostname`: null when allowed, else a reason. */
export function addressVerdict(list: Allowlist, hostname: string, ip: string): string | null {
  if (isAllowlistedHost(list, hostname) || isAllowlistedAddress(list, ip)) return null;
  if (isForbiddenAddress(ip)) return `${hostname} resolves to ${ip} (${addressRange(ip)}), a non-public address`;
  return null;
}
