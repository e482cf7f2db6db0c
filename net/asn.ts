// Offline IP facts: the announcing ASN and its organisation (@ip-location-db/asn, RouteViews + DB-IP, CC-BY-4.0)
// and the registration country (@ip-location-db/geo-whois-asn-country-mmdb via maxmind, CC0). No network, ever.
// The tables are read once when openIpInfo() is called (~0.5 s, ~40 MB) and then answered by binary search;
// callers hold one IpInfoDb per process and pass it (or lazyIpInfo's getter) as a port — no module singleton.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import maxmind, { type Reader, type Response } from 'maxmind';
import { parseAddress } from './guard.ts';

export interface IpFacts {
  asn: number;
  org: string;
  /** ISO 3166-1 alpha-2 of the registration (whois), or null when the country database has no answer */
  country: string | null;
}

export interface IpInfoDb {
  /** null for an unparsable address and for addresses no ASN announces (loopback, private, unrouted) */
  lookup(ip: string): IpFacts | null;
  /** the day the data was built (the country database's build epoch), e.g. '2026-06-17' */
  dataDate: string;
  /** the package versions the facts come from, for evidence notes */
  source: { asn: string; country: string };
}

interface Ranges<T> { starts: T[] | Uint32Array; ends: T[] | Uint32Array; asns: Uint32Array; orgs: Uint32Array }

export interface IpInfoFiles { asnV4: string; asnV6: string; countryMmdb: string; asnPackageJson: string; countryPackageJson: string }

/** Where the installed packages keep their files. */
export function defaultIpInfoFiles(): IpInfoFiles {
  const req = createRequire(import.meta.url);
  const asnDir = path.dirname(req.resolve('@ip-location-db/asn/package.json'));
  const ctyDir = path.dirname(req.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json'));
  return {
    asnV4: path.join(asnDir, 'asn-ipv4-num.csv'),
    asnV6: path.join(asnDir, 'asn-ipv6-num.csv'),
    countryMmdb: path.join(ctyDir, 'geo-whois-asn-country.mmdb'),
    asnPackageJson: path.join(asnDir, 'package.json'),
    countryPackageJson: path.join(ctyDir, 'package.json'),
  };
}

/** One CSV line `start,end,asn,org` where org may be quoted ("Cloudflare, Inc."). */
function splitLine(line: string): [string, string, number, string] | null {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  let org = line.slice(c + 1).replace(/\r$/, '');
  if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
  return [line.slice(0, a), line.slice(a + 1, b), Number(line.slice(b + 1, c)), org];
}

function parseTable<T>(text: string, num: (s: string) => T, orgIds: Map<string, number>, wide: boolean): Ranges<T> {
  const lines = text.split('\n');
  const starts: T[] = [];
  const ends: T[] = [];
  const asns = new Uint32Array(lines.length);
  const orgs = new Uint32Array(lines.length);
  let n = 0;
  for (const line of lines) {
    const f = splitLine(line);
    if (!f) continue;
    let id = orgIds.get(f[3]);
    if (id === undefined) orgIds.set(f[3], (id = orgIds.size));
    starts.push(num(f[0]));
    ends.push(num(f[1]));
    asns[n] = f[2];
    orgs[n++] = id;
  }
  if (wide) return { starts, ends, asns: asns.subarray(0, n), orgs: orgs.subarray(0, n) };
  return { starts: Uint32Array.from(starts as number[]), ends: Uint32Array.from(ends as number[]), asns: asns.subarray(0, n), orgs: orgs.subarray(0, n) };
}

/** Index of the last range starting at or below `v`, if `v` is inside it. */
function find<T extends number | bigint>(r: Ranges<T>, v: T): number {
  let lo = 0;
  let hi = r.starts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((r.starts[mid] as T) <= v) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return best >= 0 && v <= (r.ends[best] as T) ? best : -1;
}

const ipv6ToBigInt = (bytes: number[]): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

export async function openIpInfo(files: IpInfoFiles = defaultIpInfoFiles()): Promise<IpInfoDb> {
  const [v4text, v6text, reader, asnPkg, ctyPkg] = await Promise.all([
    readFile(files.asnV4, 'utf8'),
    readFile(files.asnV6, 'utf8'),
    maxmind.open<Response>(files.countryMmdb),
    readFile(files.asnPackageJson, 'utf8').then((s) => JSON.parse(s) as { version: string }),
    readFile(files.countryPackageJson, 'utf8').then((s) => JSON.parse(s) as { version: string }),
  ]);
  const orgIds = new Map<string, number>();
  const v4 = parseTable(v4text, Number, orgIds, false) as Ranges<number>;
  const v6 = parseTable(v6text, BigInt, orgIds, true) as Ranges<bigint>;
  const orgNames = [...orgIds.keys()];
  const country = (r: Reader<Response>, ip: string): string | null => {
    try { return (r.get(ip) as { country_code?: string } | null)?.country_code ?? null; } catch { return null; }
  };
  const epoch = reader.metadata.buildEpoch;
  return {
    dataDate: (epoch instanceof Date && !Number.isNaN(epoch.getTime()) ? epoch : new Date(0)).toISOString().slice(0, 10),
    source: { asn: `@ip-location-db/asn@${asnPkg.version}`, country: `@ip-location-db/geo-whois-asn-country-mmdb@${ctyPkg.version}` },
    lookup(ip) {
      const addr = parseAddress(ip);
      if (!addr) return null;
      const i = addr.kind() === 'ipv4' ? find(v4, addr.toByteArray().reduce((a, b) => a * 256 + b, 0)) : find(v6, ipv6ToBigInt(addr.toByteArray()));
      if (i < 0) return null;
      const r = addr.kind() === 'ipv4' ? v4 : v6;
      return { asn: r.asns[i]!, org: orgNames[r.orgs[i]!] ?? '', country: country(reader, addr.toString()) };
    },
  };
}

/** A getter that opens the database on first use and then always answers the same one (hold one per process). */
export function lazyIpInfo(open: () => Promise<IpInfoDb> = () => openIpInfo()): () => Promise<IpInfoDb> {
  let pending: Promise<IpInfoDb> | null = null;
  return () => {
    pending ??= open().catch((e: unknown) => { pending = null; throw e; });
    return pending;
  };
}
