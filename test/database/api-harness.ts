// The HTTP API on a fresh PGlite for the API tests: buildApp with a queue that only records, and every log line
// the app wrote at warn and above (to check what is logged, and what must never be).
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp, type ApiDeps } from '../../api/app.ts';
import type { AppConfig } from '../../config/schema.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';

export interface Api {
  app: FastifyInstance;
  db: Db;
  deps: ApiDeps;
  jobs: Array<[string, unknown]>;
  /** parsed log lines at warn and above, oldest first */
  logs: Array<Record<string, unknown>>;
  /** every log line as written (to check a secret never reaches the log) */
  rawLog: string[];
  close(): Promise<void>;
}

export async function startApi(dir: string, config: Partial<AppConfig> = {}, over: Partial<ApiDeps> = {}): Promise<Api> {
  const db = await freshPglite();
  const jobs: Array<[string, unknown]> = [];
  const logs: Array<Record<string, unknown>> = [];
  const rawLog: string[] = [];
  const log = pino({ level: 'warn' }, { write: (s: string) => void (rawLog.push(s), logs.push(JSON.parse(s) as Record<string, unknown>)) });
  const deps: ApiDeps = {
    config: testConfig({ dataDir: dir, ...config }),
    log,
    db,
    blobs: createBlobStore(path.join(dir, 'blobs')),
    pipeline: pipelineEntries(async (name, payload) => void jobs.push([name, payload])),
    ...over,
  };
  const app = await buildApp(deps);
  return { app, db, deps, jobs, logs, rawLog, close: async () => { await app.close(); await db.close(); } };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
