// The network facts of the infringing site (IP, ASN, country, TLS certificate, RDAP registrar and hosting abuse
// contacts) as the capture recorded them (evidence kind `network_facts`, a JSON blob: evidence/ helper). Read
// leniently: a field the capture did not record stays null, and the documents then say it was not established.
import type { CaseEvidence } from './case.ts';

export interface Contact { name: string | null; abuse_email: string | null; url: string | null }
export interface NetworkFacts {
  /** the packet file the facts come from */
  file: string;
  captured_at: string;
  ips: string[];
  asn: number | null; as_org: string | null; country: string | null; asn_data_date: string | null;
  tls: { subject: string | null; issuer: string | null; sans: string[]; valid_from: string | null; valid_to: string | null; sha256: string | null } | null;
  registrar: Contact | null;
  hosting: Contact | null;
  cdn: string | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown, max = 300): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : typeof v === 'number' ? String(v) : null);
function pick(o: Obj | null, ...keys: string[]): unknown {
  if (!o) return undefined;
  for (const k of keys) if (o[k] != null) return o[k];
  return undefined;
}
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => str(typeof x === 'object' ? pick(obj(x), 'ip', 'address') : x)).filter((x): x is string => !!x).slice(0, 20) : []);

function contact(v: unknown): Contact | null {
  const o = obj(v);
  if (!o) return typeof v === 'string' ? { name: str(v), abuse_email: null, url: null } : null;
  const c = { name: str(pick(o, 'name', 'org', 'organisation', 'organization', 'registrar', 'handle')), abuse_email: str(pick(o, 'abuseEmail', 'abuse_email', 'abuse', 'email')), url: str(pick(o, 'url', 'rdapUrl', 'source')) };
  return c.name || c.abuse_email ? c : null;
}

/** evidence/network-facts.ts (format kuzet-network-facts/1): the page's own host first, its first dialled address. */
function fromCapture(o: Obj, file: string, capturedAt: string): NetworkFacts {
  const hosts = (Array.isArray(o.hosts) ? o.hosts : []).map(obj).filter((h): h is Obj => !!h);
  const page = hosts.find((h) => Array.isArray(h.roles) && h.roles.includes('page')) ?? hosts[0] ?? {};
  const ips = (Array.isArray(page.ips) ? page.ips : []).map(obj).filter((x): x is Obj => !!x);
  const first = ips.find((x) => x.asn != null) ?? ips[0] ?? null;
  const tls = obj(page.tls);
  const rd = obj(page.rdapDomain);
  const rdIps = obj(page.rdapIp) ?? {};
  const ri = obj(rdIps[String(first?.address ?? '')]) ?? Object.values(rdIps).map(obj).find(Boolean) ?? null;
  const abuse = (r: Obj | null) => (Array.isArray(r?.abuseEmails) ? str(r!.abuseEmails[0]) : null);
  const registrarName = str(obj(rd?.registrar)?.name);
  const hostingName = str(ri?.name) ?? str(ri?.holder);
  const asnNum = Number(first?.asn);
  return {
    file, captured_at: str(o.capturedAt) ?? capturedAt,
    ips: ips.map((x) => str(x.address)).filter((x): x is string => !!x).slice(0, 20),
    asn: Number.isInteger(asnNum) && asnNum > 0 ? asnNum : null, as_org: str(first?.org), country: str(first?.country),
    asn_data_date: str(obj(o.ipData)?.dataDate),
    tls: tls ? { subject: str(tls.subject), issuer: str(tls.issuer), sans: strs(tls.subjectAltNames), valid_from: str(tls.validFrom), valid_to: str(tls.validTo), sha256: str(tls.sha256Fingerprint) } : null,
    registrar: registrarName || abuse(rd) ? { name: registrarName, abuse_email: abuse(rd), url: str(rd?.url) } : null,
    hosting: hostingName || abuse(ri) ? { name: hostingName, abuse_email: abuse(ri), url: str(ri?.url) } : null,
    cdn: null,
  };
}

export function parseNetworkFacts(json: unknown, file: string, capturedAt: string): NetworkFacts {
  const o = obj(json) ?? {};
  if (o.format === 'kuzet-network-facts/1') return fromCapture(o, file, capturedAt);
  const asnO = obj(pick(o, 'asn', 'as'));
  const tlsO = obj(pick(o, 'tls', 'certificate', 'cert'));
  const rdap = obj(pick(o, 'rdap')) ?? {};
  const domainR = obj(pick(rdap, 'domain')) ?? obj(pick(o, 'domainRdap'));
  const ipR = obj(pick(rdap, 'ip')) ?? obj(pick(o, 'ipRdap'));
  const asnNum = Number(pick(asnO, 'number', 'asn') ?? pick(o, 'asn'));
  return {
    file, captured_at: capturedAt,
    ips: strs(pick(o, 'ips', 'addresses', 'ip')),
    asn: Number.isInteger(asnNum) && asnNum > 0 ? asnNum : null,
    as_org: str(pick(asnO, 'org', 'name', 'organisation') ?? pick(o, 'asOrg', 'as_org')),
    country: str(pick(asnO, 'country') ?? pick(o, 'country')),
    asn_data_date: str(pick(asnO, 'dataDate', 'data_date') ?? pick(o, 'asnDataDate', 'dataDate')),
    tls: tlsO ? {
      subject: str(pick(tlsO, 'subject', 'subjectCN')), issuer: str(pick(tlsO, 'issuer', 'issuerCN')), sans: strs(pick(tlsO, 'sans', 'subjectAltNames', 'san')),
      valid_from: str(pick(tlsO, 'validFrom', 'valid_from', 'notBefore')), valid_to: str(pick(tlsO, 'validTo', 'valid_to', 'notAfter')),
      sha256: str(pick(tlsO, 'sha256', 'fingerprint256', 'fingerprintSha256')),
    } : null,
    registrar: contact(pick(domainR, 'registrar') ?? pick(o, 'registrar')) ?? contact(domainR),
    hosting: contact(pick(ipR, 'hosting', 'org') ?? pick(o, 'hosting')) ?? contact(ipR),
    cdn: str(pick(o, 'cdn', 'cdnName')),
  };
}

/** The newest network_facts file of the case, parsed; null when none was captured or it is unreadable. */
export async function networkOf(evidence: CaseEvidence[], read?: (blobPath: string) => Promise<Buffer>): Promise<NetworkFacts | null> {
  const e = evidence.filter((x) => x.kind === 'network_facts').sort((a, b) => b.captured_at.localeCompare(a.captured_at))[0];
  if (!e || !read) return null;
  try {
    const bytes = await read(e.blob_path);
    if (bytes.length > 2_000_000) return null;
    return parseNetworkFacts(JSON.parse(bytes.toString('utf8')), e.packet_path, e.captured_at);
  } catch {
    return null;
  }
}
