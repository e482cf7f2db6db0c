// The public registry list by pages without OFFSET or a count per request: per registry version, the serials of the
// entries in force are read once (one index-only scan) into page boundaries, so page N is a keyset read (serial >
// the last serial of page N-1, LIMIT size) and the total is known. The version is re-read at most once per `ttlMs`.
import type { Db } from '../storage/db.ts';
import { registryVersion } from './export-cache.ts';
import { IN_FORCE, listActive, maxSerial, type RegistryEntryView } from './queries.ts';

export interface ListPage { serial: number; total: number; page: number; pages: number; version: string; entries(): Promise<RegistryEntryView[]> }

export function createListIndex(db: Db, opts: { pageSize: number; ttlMs?: number }) {
  const ttl = opts.ttlMs ?? 1000;
  let versionAt = 0;
  let versionP: Promise<string> | null = null;
  let index: { version: string; p: Promise<{ serial: number; starts: number[]; total: number }> } | null = null;
  const version = () => {
    if (!versionP || Date.now() - versionAt >= ttl) {
      versionAt = Date.now();
      versionP = registryVersion(db).catch((e) => { versionP = null; throw e; });
    }
    return versionP;
  };
  const build = async () => {
    const rows = await db.query<{ serial: number }>(`SELECT serial FROM registry_entries WHERE status IN (${IN_FORCE.map((s) => `'${s}'`).join(', ')}) ORDER BY serial`);
    // starts[i]: the serial page i+1 continues after (0 for the first page)
    const starts = [0];
    for (let i = opts.pageSize; i < rows.length; i += opts.pageSize) starts.push(Number(rows[i - 1]!.serial));
    return { serial: await maxSerial(db), starts, total: rows.length };
  };
  return {
    /** page (1-based; past the end gives the last page) of the entries in force, in serial order; its entries are
     *  read when asked for (a caller with the page's rendering cached needs none) */
    async page(n: number): Promise<ListPage> {
      const v = await version();
      if (index?.version !== v) {
        const p = build();
        index = { version: v, p };
        p.catch(() => { if (index?.p === p) index = null; });
      }
      const ix = await index.p;
      const pages = Math.max(1, ix.starts.length);
      const page = Math.min(Math.max(1, n), pages);
      const entries = () => listActive(db, { afterSerial: ix.starts[page - 1], limit: opts.pageSize });
      return { serial: ix.serial, total: ix.total, page, pages, entries, version: v };
    },
  };
}
