// What the HTTP app needs from the process that builds it. Nothing here is created by the app itself,
// except the search index when none is passed (Postgres, or Elasticsearch when ES_URL is set).
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config/schema.ts';
import type { SearchIndex } from '../registry/search.ts';
import type { BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import type { PipelineEntries } from '../workers/pipeline.ts';

export interface ApiDeps {
  config: AppConfig;
  log: Logger;
  db: Db;
  blobs: BlobStore;
  /** the ways into the pipeline: a confirmed review publishes, a new or enabled source is crawled, an uploaded reference is fingerprinted */
  pipeline: Pick<PipelineEntries, 'reviewConfirmed' | 'sourceAdded' | 'sourceEnabled' | 'referenceStored'>;
  health?: () => Promise<Record<string, unknown>>;
  metrics?: Registry;
  search?: SearchIndex;
}

/** deps as seen by route plugins: the search index is always there */
export type RouteDeps = ApiDeps & { search: SearchIndex };
export interface RouteOpts {
  deps: RouteDeps;
}

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

/** querystring of a cursor-paged feed: ?after=<seq>&limit=<n>; a cursor past what a JS number holds exactly is a 400 */
export const cursorQuery = (maxLimit: number, defaultLimit: number) => ({
  type: 'object',
  properties: { after: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit } },
  additionalProperties: false,
}) as const;

/** response of a cursor-paged feed: one page of items and the cursor to ask for the next */
export const cursorPage = <T extends object>(item: T) => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, nextCursor: { type: 'integer' } },
  required: ['items', 'nextCursor'],
}) as const;

/** response schemas shared by every JSON route: the route's own 200 plus the error shape */
export const withErrors = (ok: object, okCode = 200) => ({ [okCode]: ok, '4xx': errorSchema, '5xx': errorSchema });
