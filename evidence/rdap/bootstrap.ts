// Which RDAP server answers for a domain or an IP (RFC 9224 bootstrap): IANA's dns.json, ipv4.json and ipv6.json.
// A dated copy ships in evidence/rdap/bootstrap/ (partial, written by hand: this build had no network, see its
// description); `kuzet rdap refresh-bootstrap` (refreshBootstrap) fetches IANA's full files through the guarded fetch
// into DATA_DIR/rdap-bootstrap/, which loadBootstrap prefers when present.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseAddress } from '../../net/guard.ts';

export const SHIPPED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bootstrap');
export const IANA_BOOTSTRAP = 'https://data.iana.org/rdap/';
const FILES = { dns: 'dns.json', ipv4: 'ipv4.json', ipv6: 'ipv6.json' } as const;
type Registry = keyof typeof FILES;

const BootstrapFile = z.object({
  publication: z.string().max(40),
  services: z.array(z.tuple([z.array(z.string().max(100)).max(5000), z.array(z.string().url().max(300)).min(1).max(10)])).max(2000),
});

export interface Bootstrap {
  /** publication dates of the files used, and where they came from */
  source: { dir: string; publication: Record<Registry, string> };
  /** the base URL (ending in /) of the RDAP server for a domain or an IP, or null */
  serverFor(kind: 'domain' | 'ip', key: string): string | null;
}

/** https first: an RDAP answer read over plain http proves less. */
const pick = (urls: string[]) => {
  const u = urls.find((x) => x.startsWith('https://')) ?? urls[0]!;
  return u.endsWith('/') ? u : `${u}/`;
};

export function bootstrapFrom(files: Record<Registry, unknown>, dir = '(given)'): Bootstrap {
  const parsed = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, BootstrapFile.parse(v)])) as Record<Registry, z.output<typeof BootstrapFile>>;
  const tlds = new Map<string, string>();
  for (const [labels, urls] of parsed.dns.services) for (const l of labels) tlds.set(l.toLowerCase().replace(/^\.|\.$/g, ''), pick(urls));
  const nets: Array<[ipaddr.IPv4 | ipaddr.IPv6, number, string]> = [];
  for (const reg of ['ipv4', 'ipv6'] as const)
    for (const [cidrs, urls] of parsed[reg].services)
      for (const c of cidrs) {
        const [a, bits] = ipaddr.parseCIDR(c);
        nets.push([a, bits, pick(urls)]);
      }
  nets.sort((x, y) => y[1] - x[1]); // longest prefix first
  return {
    source: { dir, publication: { dns: parsed.dns.publication, ipv4: parsed.ipv4.publication, ipv6: parsed.ipv6.publication } },
    serverFor(kind, key) {
      if (kind === 'ip') {
        const addr = parseAddress(key);
        if (!addr) return null;
        return nets.find(([net, bits]) => net.kind() === addr.kind() && addr.match(net as never, bits))?.[2] ?? null;
      }
      const labels = key.toLowerCase().replace(/\.$/, '').split('.');
      for (let i = 0; i < labels.length; i++) {
        const hit = tlds.get(labels.slice(i).join('.'));
        if (hit) return hit;
      }
      return null;
    },
  };
}

/** The refreshed copy in DATA_DIR/rdap-bootstrap when it is complete, else the copy shipped with Kuzet. */
export function loadBootstrap(dataDir?: string): Bootstrap {
  const refreshed = dataDir ? path.join(dataDir, 'rdap-bootstrap') : null;
  const dir = refreshed && Object.values(FILES).every((f) => fs.existsSync(path.join(refreshed, f))) ? refreshed : SHIPPED_DIR;
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown;
  return bootstrapFrom({ dns: read(FILES.dns), ipv4: read(FILES.ipv4), ipv6: read(FILES.ipv6) }, dir);
}

/** Fetches IANA's bootstrap files (through the caller's guarded fetch), checks them, writes them to DATA_DIR/rdap-bootstrap. */
export async function refreshBootstrap(fetchJson: (url: string) => Promise<Buffer>, dataDir: string, base = IANA_BOOTSTRAP): Promise<Bootstrap['source']> {
  const got: Record<string, Buffer> = {};
  for (const [reg, f] of Object.entries(FILES)) {
    const body = await fetchJson(new URL(f, base).href);
    BootstrapFile.parse(JSON.parse(body.toString('utf8'))); // refuse anything that is not a bootstrap file
    got[reg] = body;
  }
  const dir = path.join(dataDir, 'rdap-bootstrap');
  await fs.promises.mkdir(dir, { recursive: true });
  for (const [reg, f] of Object.entries(FILES)) {
    const tmp = path.join(dir, `.${f}.tmp`);
    await fs.promises.writeFile(tmp, got[reg]!);
    await fs.promises.rename(tmp, path.join(dir, f));
  }
  return loadBootstrap(dataDir).source;
}
