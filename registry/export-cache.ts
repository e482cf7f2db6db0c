// The exports rendered once per registry version, not once per request: an outside system polling /registry.json
// or a feed gets the same bytes, signature and ETag until the registry changes, and a conditional request costs a
// 304. One snapshot of the registry (read in one transaction) renders every format of a version, each signed and
// compressed once (registry/signed.ts). The version (newest change serial + newest entry update, two index lookups)
// is read at most once per `versionTtlMs` (default 1 s): under load one query a second, and a change shows within it.
// Diffs (`?since=S`) are kept per version for the most recently asked serials.
import type { Signer } from '../packets/signer.ts';
import type { Db } from '../storage/db.ts';
import {
  registryDiff, registryJson, renderCsv, renderDomains, renderHosts, renderRpz, renderXml, type RegistryExport,
} from './exports.ts';
import { signArtifact, type SignedArtifact } from './signed.ts';

export const EXPORT_KINDS = ['json', 'csv', 'xml', 'hosts', 'domains', 'rpz'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type RenderedExport = SignedArtifact & { version: string; serial: number };

export interface ExportCache {
  get(kind: ExportKind): Promise<RenderedExport>;
  /** the signed diff since a serial; throws DiffUnavailable (too old, or newer than the registry) */
  diff(since: number): Promise<RenderedExport>;
}

const RENDER: Record<ExportKind, (x: RegistryExport) => string> = {
  json: (x) => JSON.stringify(x),
  csv: renderCsv,
  xml: renderXml,
  hosts: renderHosts,
  domains: renderDomains,
  rpz: (x) => renderRpz(x),
};

export async function registryVersion(db: Db): Promise<string> {
  // a new protection (domain or network) changes what is exported without touching an entry: it is part of the version
  const [r] = await db.query<{ s: number | null; u: Date | null; p: number }>(
    `SELECT (SELECT max(serial) FROM registry_changes) AS s, (SELECT max(updated_at) FROM registry_entries) AS u,
            (SELECT count(*) FROM protected_domains)::int + (SELECT count(*) FROM protected_asns)::int AS p`,
  );
  return `${r?.s ?? 0}.${r?.u ? new Date(r.u).getTime() : 0}.${r?.p ?? 0}`;
}

export interface ExportCacheOpts {
  /** the deployment's signer, asked for at the first rendering (a missing key fails that request, not the start) */
  signer: () => Promise<Pick<Signer, 'sign' | 'keyId'>>;
  versionTtlMs?: number;
  /** a diff listing more entries than this is refused as too old (a full download is cheaper) */
  diffMaxChanges?: number;
  /** how many diffs (distinct `since`) are kept for the current version */
  diffSlots?: number;
  onError?: (e: Error) => void;
}

export function createExportCache(db: Db, opts: ExportCacheOpts): ExportCache {
  const ttl = opts.versionTtlMs ?? 1000;
  const diffMax = opts.diffMaxChanges ?? 50_000;
  const slots = opts.diffSlots ?? 64;
  let versionAt = 0;
  let versionP: Promise<string> | null = null;
  const version = () => {
    if (!versionP || Date.now() - versionAt >= ttl) {
      versionAt = Date.now();
      versionP = registryVersion(db).catch((e) => { versionP = null; throw e; });
    }
    return versionP;
  };
  // everything below belongs to one version: dropped as a whole when the version moves
  let current = { version: '', snapshot: null as Promise<RegistryExport> | null, kinds: new Map<ExportKind, Promise<RenderedExport>>(), diffs: new Map<number, Promise<RenderedExport>>() };
  const forVersion = (v: string) => {
    if (current.version !== v) current = { version: v, snapshot: null, kinds: new Map(), diffs: new Map() };
    return current;
  };
  const sign = async (text: string, v: string, serial: number): Promise<RenderedExport> =>
    Object.assign(signArtifact(Buffer.from(text), await opts.signer(), opts.onError), { version: v, serial });
  // a failed rendering is not kept: the next request tries again
  const remember = <K,>(map: Map<K, Promise<RenderedExport>>, key: K, make: () => Promise<RenderedExport>) => {
    let p = map.get(key);
    if (!p) {
      p = make();
      map.set(key, p);
      p.catch(() => map.get(key) === p && map.delete(key));
    }
    return p;
  };
  return {
    async get(kind) {
      const v = await version();
      const c = forVersion(v);
      return remember(c.kinds, kind, async () => {
        c.snapshot ??= registryJson(db);
        const x = await c.snapshot.catch((e) => { c.snapshot = null; throw e; });
        return sign(RENDER[kind](x), v, x.serial);
      });
    },
    async diff(since) {
      const v = await version();
      const c = forVersion(v);
      if (!c.diffs.has(since) && c.diffs.size >= slots) c.diffs.delete(c.diffs.keys().next().value!);
      return remember(c.diffs, since, async () => {
        const d = await registryDiff(db, since, { maxChanges: diffMax });
        return sign(JSON.stringify(d), v, d.serial);
      });
    },
  };
}
