// SearchIndex: the port behind the registry page's search box. Postgres (ILIKE over domains, film titles in any
// script through films/search.ts) is the default and is what the tests exercise. The Elasticsearch adapter is used when ES_URL is
// set; it cannot be tested here (no Elasticsearch server on this machine, and tests stay offline), so it
// falls back to Postgres on any ES error and is kept deliberately small.
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.ts';
import type { Db } from '../storage/db.ts';
import { filmSearcher } from '../films/search.ts';
import { listActive, maxSerial } from './queries.ts';

export interface SearchIndex {
  readonly kind: 'postgres' | 'elasticsearch';
  /** ids of active registry entries matching the query, best first */
  search(query: string, limit?: number): Promise<string[]>;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function postgresSearch(db: Db): SearchIndex {
  const searchFilms = filmSearcher(db);
  return {
    kind: 'postgres',
    async search(query, limit = 50) {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      const pattern = `%${likeEscape(q)}%`;
      // film titles through the same transliterating title search as `kuzet films search` (films/search.ts):
      // "qyz jibek", "кыз жибек", "kyz zhibek" all find the entries of Қыз Жібек
      const filmIds = (await searchFilms(query, { limit: 500 })).map((f) => f.id);
      const rows = await db.query<{ id: string }>(
        `SELECT e.id FROM registry_entries e
          WHERE e.status = 'active' AND (e.domain ILIKE $1 OR e.film_ids && $4::text[])
          ORDER BY (e.domain = $2) DESC, e.serial LIMIT $3`,
        [pattern, q, limit, filmIds],
      );
      return rows.map((r) => r.id);
    },
  };
}

/** Elasticsearch adapter (untested here, see the header). Re-indexes active entries when the registry serial moved. */
export async function elasticSearch(deps: { db: Db; url: string; index: string; log: Logger }): Promise<SearchIndex> {
  const { Client } = await import('@elastic/elasticsearch');
  const client = new Client({ node: deps.url });
  const index = `${deps.index}-registry`;
  const fallback = postgresSearch(deps.db);
  let indexedSerial = -1;
  const sync = async () => {
    const serial = await maxSerial(deps.db);
    if (serial === indexedSerial) return;
    const entries = await listActive(deps.db);
    const operations = entries.flatMap((e) => [
      { index: { _index: index, _id: e.id } },
      { domain: e.domain, serial: e.serial, titles: e.films.flatMap((f) => [f.titleKk, f.titleRu, f.titleEn ?? '']) },
    ]);
    if (operations.length) await client.bulk({ operations, refresh: true });
    indexedSerial = serial;
  };
  return {
    kind: 'elasticsearch',
    async search(query, limit = 50) {
      if (!query.trim()) return [];
      try {
        await sync();
        const r = await client.search<{ domain: string }>({
          index,
          size: limit,
          query: { multi_match: { query, fields: ['domain^3', 'titles'], fuzziness: 'AUTO' } },
        });
        return r.hits.hits.map((h) => h._id!).filter(Boolean);
      } catch (err) {
        deps.log.warn({ err }, 'elasticsearch search failed; using postgres');
        return fallback.search(query, limit);
      }
    },
  };
}

export async function createSearchIndex(deps: { db: Db; cfg: AppConfig; log: Logger }): Promise<SearchIndex> {
  return deps.cfg.esUrl ? elasticSearch({ db: deps.db, url: deps.cfg.esUrl, index: deps.cfg.esIndex, log: deps.log }) : postgresSearch(deps.db);
}
