// What an RDAP answer (RFC 9083 JSON) says that a takedown needs: for a domain its registrar (name, IANA id), the
// abuse contact, registration/expiry events, name servers; for an IP network its name, range, country, the holding
// organisation and the abuse contact. Entities nest (the abuse contact usually sits inside the registrar entity), so
// they are walked to a bounded depth. Every string is length-capped: the answer comes from a server we do not trust.
export interface RdapContact {
  roles: string[];
  name: string | null;
  org: string | null;
  emails: string[];
  phones: string[];
  handle: string | null;
}

export interface RdapSummary {
  objectClass: 'domain' | 'ip network' | 'unknown';
  handle: string | null;
  name: string | null;
  registrar: { name: string | null; ianaId: string | null } | null;
  /** the hosting or holding organisation: registrant of an IP network, registrant of a domain when published */
  holder: string | null;
  abuseEmails: string[];
  events: Record<string, string>;
  status: string[];
  nameservers: string[];
  range: { start: string | null; end: string | null; country: string | null } | null;
  contacts: RdapContact[];
}

const MAX_DEPTH = 4;
const MAX_CONTACTS = 30;
const str = (v: unknown, max = 300): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, 100) : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** jCard (RFC 7095) properties: ["vcard", [[name, params, type, value], …]] */
function vcard(entity: Record<string, unknown>) {
  const props = arr(arr(entity['vcardArray'])[1]);
  const values = (name: string) => props.filter((p) => Array.isArray(p) && p[0] === name).map((p) => (p as unknown[])[3]);
  const text = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(' ') : v);
  return {
    fn: str(text(values('fn')[0])),
    org: str(text(values('org')[0])),
    emails: values('email').map((v) => str(v, 200)).filter((v): v is string => !!v),
    phones: values('tel').map((v) => str(v, 60)).filter((v): v is string => !!v),
  };
}

function contacts(entities: unknown, depth: number, out: RdapContact[]): void {
  if (depth > MAX_DEPTH) return;
  for (const e of arr(entities)) {
    if (out.length >= MAX_CONTACTS) return;
    const entity = obj(e);
    const card = vcard(entity);
    const roles = arr(entity['roles']).map((r) => str(r, 40)).filter((r): r is string => !!r);
    out.push({ roles, name: card.fn, org: card.org, emails: card.emails, phones: card.phones, handle: str(entity['handle'], 100) });
    const registrarId = arr(entity['publicIds']).map(obj).find((p) => /iana/i.test(String(p['type'] ?? '')));
    if (registrarId) out[out.length - 1]!.handle = str(registrarId['identifier'], 40) ?? out[out.length - 1]!.handle;
    contacts(entity['entities'], depth + 1, out);
  }
}

export function summarize(json: unknown): RdapSummary {
  const o = obj(json);
  const cls = str(o['objectClassName']);
  const all: RdapContact[] = [];
  contacts(o['entities'], 0, all);
  const byRole = (role: string) => all.filter((c) => c.roles.includes(role));
  const registrar = byRole('registrar')[0];
  const holder = byRole('registrant')[0];
  const events: Record<string, string> = {};
  for (const ev of arr(o['events']).map(obj)) {
    const action = str(ev['eventAction'], 60);
    const date = str(ev['eventDate'], 40);
    if (action && date && !events[action]) events[action] = date;
  }
  const isIp = cls === 'ip network';
  return {
    objectClass: cls === 'domain' ? 'domain' : isIp ? 'ip network' : 'unknown',
    handle: str(o['handle'], 100),
    name: str(o['ldhName'] ?? o['name'], 255),
    registrar: registrar ? { name: registrar.name ?? registrar.org, ianaId: /^\d+$/.test(registrar.handle ?? '') ? registrar.handle : null } : null,
    holder: holder ? (holder.org ?? holder.name) : null,
    abuseEmails: [...new Set(byRole('abuse').flatMap((c) => c.emails))],
    events,
    status: arr(o['status']).map((s) => str(s, 60)).filter((s): s is string => !!s),
    nameservers: arr(o['nameservers']).map((n) => str(obj(n)['ldhName'], 255)).filter((n): n is string => !!n),
    range: isIp ? { start: str(o['startAddress'], 60), end: str(o['endAddress'], 60), country: str(o['country'], 2) } : null,
    contacts: all,
  };
}
