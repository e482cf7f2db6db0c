// CDNs, DDoS shields and shared hosts: networks where one address serves many unrelated sites, so a domain hosted
// there may be blocked by name (FQDN) only, never by address, and an approver is warned. Maintained by hand.
// Sources: each operator's own ASN documentation (Cloudflare https://www.cloudflare.com/ips/ + PeeringDB,
// Akamai/Fastly/Google/Amazon/Microsoft PeeringDB records, https://ddos-guard.net, https://stormwall.pro,
// https://qrator.net, https://gcore.com), and the organisation each ASN has in @ip-location-db/asn (checked
// 2026-12-02 against asn-ipv4-num.csv 2.3.2026061719). Add an ASN with its source; tests read this list.
export type SharedKind = 'cdn' | 'ddos_protection' | 'cloud' | 'shared_hosting';
export interface SharedNetwork { asn: number; name: string; kind: SharedKind }

const net = (kind: SharedKind, name: string, ...asns: number[]): SharedNetwork[] => asns.map((asn) => ({ asn, name, kind }));

export const SHARED_NETWORKS: readonly SharedNetwork[] = [
  ...net('cdn', 'Cloudflare', 13335, 209242, 14789),
  ...net('cdn', 'Akamai', 20940, 16625, 12222, 17204, 21342, 24319, 26008, 31108, 32787, 33047, 33905, 34164, 35994, 36183, 49846, 55770),
  ...net('cdn', 'Fastly', 54113),
  ...net('cdn', 'Google', 15169, 396982, 19527, 16550, 36040, 43515),
  ...net('cdn', 'Amazon (CloudFront, AWS)', 16509, 14618, 8987, 7224, 38895),
  ...net('cdn', 'Microsoft (Azure Front Door)', 8075, 8068, 8069),
  ...net('cdn', 'Edgecast / Edgio', 15133, 14210, 22822),
  ...net('cdn', 'G-Core Labs', 199524, 202422, 59245),
  ...net('cdn', 'BunnyCDN', 200325),
  ...net('cdn', 'CDN77 (DataCamp)', 60068),
  // 262254: DDoS-Guard's Latin-American ASN (PeeringDB); no prefix of it in the 2026-06 table, kept for later data
  ...net('ddos_protection', 'DDoS-Guard', 57724, 262254, 49612),
  ...net('ddos_protection', 'StormWall', 59796),
  ...net('ddos_protection', 'Qrator', 200449),
  ...net('ddos_protection', 'Imperva / Incapsula', 19551, 62571, 14960),
  ...net('ddos_protection', 'Sucuri', 30148),
  ...net('shared_hosting', 'OVH', 16276, 35540),
  ...net('shared_hosting', 'Hetzner', 24940),
  ...net('shared_hosting', 'DigitalOcean', 14061),
];

export function sharedNetworkOf(asn: number, list: readonly SharedNetwork[] = SHARED_NETWORKS): SharedNetwork | null {
  return list.find((n) => n.asn === asn) ?? null;
}
