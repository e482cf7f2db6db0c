// The exports rendered once per registry version, not once per request: an outside system polling /registry.json
// or a feed gets the same bytes (and ETag) until the registry changes, and a conditional request costs a 304. The
// version is read per request from two indexed maxima (newest serial, newest entry change), so a change shows at once.
import type { Db } from '../storage/db.ts';
import { sha256Hex } from '../storage/hash.ts';
import { hostsFile, registryCsv, registryJson, rpzZone } from './exports.ts';

export type ExportKind = 'json' | 'csv' | 'hosts' | 'rpz';

export interface RenderedExport {
  body: Buffer;
  /** strong ETag: the body's SHA-256 (quoted) */
  etag: string;
  version: string;
}

export interface ExportCache {
  get(kind: ExportKind): Promise<RenderedExport>;
}

const RENDER: Record<ExportKind, (db: Db) => Promise<string>> = {
  json: async (db) => JSON.stringify(await registryJson(db)),
  csv: (db) => registryCsv(db),
  hosts: (db) => hostsFile(db),
  rpz: (db) => rpzZone(db),
};

export async function registryVersion(db: Db): Promise<string> {
  const [r] = await db.query<{ s: number | null; u: Date | null }>(
    `SELECT (SELECT max(serial) FROM registry_entries) AS s, (SELECT max(updated_at) FROM registry_entries) AS u`,
  );
  return `${r?.s ?? 0}.${r?.u ? new Date(r.u).getTime() : 0}`;
}

export function createExportCache(db: Db): ExportCache {
  const cached = new Map<ExportKind, RenderedExport>();
  const rendering = new Map<ExportKind, Promise<RenderedExport>>();
  return {
    async get(kind) {
      const version = await registryVersion(db);
      const hit = cached.get(kind);
      if (hit?.version === version) return hit;
      // concurrent requests for a new version share one rendering
      let p = rendering.get(kind);
      if (!p) {
        p = (async () => {
          const body = Buffer.from(await RENDER[kind](db));
          const out = { body, etag: `"${sha256Hex(body).slice(0, 32)}"`, version };
          cached.set(kind, out);
          return out;
        })().finally(() => rendering.delete(kind));
        rendering.set(kind, p);
      }
      return p;
    },
  };
}
